package io.robovis.insight.insight;

import io.robovis.common.problem.ProblemException;
import io.robovis.common.security.RobovisPrincipal;
import io.robovis.insight.facts.Facts;
import io.robovis.insight.facts.FactsService;
import io.robovis.insight.facts.InsightKind;
import io.robovis.insight.facts.Scope;
import io.robovis.insight.facts.Window;
import io.robovis.insight.llm.LlmTargets;
import io.robovis.insight.llm.Narrator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * One analysis: check the request, settle the scope (a robot the caller may see, or its fleet), the
 * window and the LLM, compute the facts, narrate them, store the insight with its insight.created.
 */
@Service
public class InsightService {

    static final long DEFAULT_WINDOW_MS = 7 * Window.DAY_MS;
    static final long MAX_WINDOW_MS = 90 * Window.DAY_MS;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final FactsService facts;
    private final Narrator narrator;
    private final LlmTargets targets;
    private final InsightStore store;
    private final AnalysisLimiter limiter;
    private final DatabaseClient db;
    private final Clock clock;

    InsightService(
            FactsService facts,
            Narrator narrator,
            LlmTargets targets,
            InsightStore store,
            AnalysisLimiter limiter,
            DatabaseClient db,
            Clock clock) {
        this.facts = facts;
        this.narrator = narrator;
        this.targets = targets;
        this.store = store;
        this.limiter = limiter;
        this.db = db;
        this.clock = clock;
    }

    private record Tenant(String language, String ollamaUrl, String ollamaModel) {}

    private record RobotOwners(String clientId, String constructorId) {}

    public Mono<Insight> analyze(RobovisPrincipal caller, AnalyzeRequest request) {
        long started = clock.millis();
        InsightKind kind = kind(request.kind());
        if (kind.aboutOneRobot() && request.robotId() == null) {
            throw new ProblemException(
                    HttpStatus.BAD_REQUEST,
                    "robot_id_required",
                    "robot_id is required for the kind " + kind.id() + ".");
        }
        Window window = window(kind, request.from(), request.to(), started);
        Mono<List<String>> visibleTo =
                request.robotId() == null
                        ? Mono.just(List.of(caller.tenantId()))
                        : owners(caller, request.robotId())
                                .map(o -> List.of(o.clientId(), o.constructorId()));
        Scope scope = new Scope(caller.tenantId(), caller.isConstructor(), request.robotId());
        Mono<Insight> analysis =
                visibleTo.flatMap(
                        visible ->
                                tenant(caller.tenantId())
                                        .flatMap(
                                                tenant -> {
                                                    Narrator.Llm llm =
                                                            targets.resolve(
                                                                    request.ollamaUrl(),
                                                                    request.model(),
                                                                    tenant.ollamaUrl(),
                                                                    tenant.ollamaModel());
                                                    return facts.compute(
                                                                    kind, scope, window, started)
                                                            .flatMap(
                                                                    f ->
                                                                            narrator.narrate(
                                                                                            kind,
                                                                                            f,
                                                                                            tenant
                                                                                                    .language(),
                                                                                            llm)
                                                                                    .map(
                                                                                            n ->
                                                                                                    insight(
                                                                                                            caller,
                                                                                                            kind,
                                                                                                            request
                                                                                                                    .robotId(),
                                                                                                            f,
                                                                                                            n,
                                                                                                            llm,
                                                                                                            tenant
                                                                                                                    .language(),
                                                                                                            visible,
                                                                                                            started)));
                                                })
                                        .flatMap(store::save));
        return limiter.limit(caller.tenantId(), analysis);
    }

    private Insight insight(
            RobovisPrincipal caller,
            InsightKind kind,
            String robotId,
            Facts facts,
            Narrator.Narration narration,
            Narrator.Llm llm,
            String language,
            List<String> visibleTo,
            long started) {
        Instant now = clock.instant();
        return new Insight(
                newId(),
                caller.tenantId(),
                kind.id(),
                robotId,
                facts.severity().id(),
                narration.text(),
                facts.body(),
                narration.generator(),
                llm.model(),
                language,
                narration.record(),
                now,
                Math.max(0, now.toEpochMilli() - started),
                visibleTo);
    }

    static InsightKind kind(String id) {
        InsightKind kind = id == null ? null : InsightKind.of(id);
        if (kind == null) {
            throw new ProblemException(
                    HttpStatus.BAD_REQUEST,
                    "invalid_kind",
                    (id == null ? "kind is required" : "kind " + id + " is not one of the kinds")
                            + ": "
                            + String.join(", ", InsightKind.ids())
                            + ".",
                    Map.of("kinds", InsightKind.ids()),
                    org.springframework.http.HttpHeaders.EMPTY);
        }
        return kind;
    }

    /**
     * [from, to), at most 90 days, to not in the future. Default: the last 7 complete UTC days (a
     * weekly comparison of whole days, read from daily buckets); for the kinds about one robot the
     * 7 days up to now (they look at its last 24 hours). With only {@code from}: up to now.
     */
    static Window window(InsightKind kind, String from, String to, long nowMs) {
        long end;
        if (to != null) {
            end = Math.min(Window.instant("to", to), nowMs);
        } else if (from == null && !kind.aboutOneRobot()) {
            end = nowMs - Math.floorMod(nowMs, Window.DAY_MS);
        } else {
            end = nowMs;
        }
        long start = from == null ? end - DEFAULT_WINDOW_MS : Window.instant("from", from);
        if (start >= end || end - start > MAX_WINDOW_MS) {
            throw new ProblemException(
                    HttpStatus.BAD_REQUEST,
                    "invalid_window",
                    "from must be before to (and to not in the future), at most 90 days apart.");
        }
        return new Window(start, end);
    }

    /** The robot's client and constructor, when the caller may see it; else a 404. */
    private Mono<RobotOwners> owners(RobovisPrincipal caller, String robotId) {
        return db.sql(
                        """
                        SELECT client_id, constructor_id FROM robots
                        WHERE robot_id = :robot AND NOT deleted
                          AND (client_id = :tenant OR constructor_id = :tenant)
                        """)
                .bind("robot", robotId)
                .bind("tenant", caller.tenantId())
                .map(
                        row ->
                                new RobotOwners(
                                        row.get("client_id", String.class),
                                        row.get("constructor_id", String.class)))
                .one()
                .switchIfEmpty(
                        Mono.error(
                                () ->
                                        new ProblemException(
                                                HttpStatus.NOT_FOUND,
                                                "robot_not_found",
                                                "No robot "
                                                        + robotId
                                                        + " visible to this tenant.")));
    }

    /** The tenant's language and LLM settings (English and platform defaults when unknown). */
    private Mono<Tenant> tenant(String tenantId) {
        return db.sql(
                        "SELECT language, ollama_url, ollama_model FROM tenants WHERE tenant_id = :id")
                .bind("id", tenantId)
                .map(
                        row ->
                                new Tenant(
                                        "fr".equals(row.get("language", String.class))
                                                ? "fr"
                                                : "en",
                                        row.get("ollama_url", String.class),
                                        row.get("ollama_model", String.class)))
                .one()
                .defaultIfEmpty(new Tenant("en", null, null));
    }

    private static String newId() {
        char[] id = new char[20];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_CHARS[RANDOM.nextInt(ID_CHARS.length)];
        }
        return "ins_" + new String(id);
    }
}
