package io.robovis.insight.insight;

import io.robovis.common.problem.ProblemException;
import io.robovis.common.security.RobovisPrincipal;
import io.robovis.common.security.Role;
import io.robovis.common.web.Cursors;
import io.robovis.insight.facts.Severity;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The insights of the caller's tenant: analyze, list (newest first), read one. */
@RestController
class InsightController {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    private final InsightService insights;
    private final InsightStore store;

    InsightController(InsightService insights, InsightStore store) {
        this.insights = insights;
        this.store = store;
    }

    @PostMapping("/v1/insights/analyze")
    Mono<ResponseEntity<Insight>> analyze(
            @AuthenticationPrincipal RobovisPrincipal caller, @RequestBody AnalyzeRequest request) {
        caller.requireRole(Role.ADMIN, Role.ANALYST);
        return insights.analyze(caller, request)
                .map(
                        insight ->
                                ResponseEntity.status(HttpStatus.CREATED)
                                        .header(
                                                HttpHeaders.LOCATION,
                                                "/v1/insights/" + insight.insightId())
                                        .body(insight));
    }

    @GetMapping("/v1/insights")
    Mono<ResponseEntity<List<Insight>>> list(
            @AuthenticationPrincipal RobovisPrincipal caller,
            @RequestParam(name = "robot_id", required = false) String robotId,
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) String severity,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor,
            ServerWebExchange exchange) {
        int size = Cursors.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        if (kind != null) {
            InsightService.kind(kind);
        }
        if (severity != null && Severity.of(severity) == null) {
            throw new ProblemException(
                    HttpStatus.BAD_REQUEST,
                    "invalid_severity",
                    "severity must be one of info, warning, critical.");
        }
        InsightStore.After after =
                cursor == null
                        ? null
                        : Cursors.decodePair(
                                cursor, (at, id) -> new InsightStore.After(Instant.parse(at), id));
        return store.page(
                        new InsightStore.Filter(caller.tenantId(), robotId, kind, severity),
                        after,
                        size + 1)
                .map(
                        rows ->
                                Cursors.page(
                                        exchange,
                                        rows,
                                        size,
                                        i -> i.createdAt().toString() + "|" + i.insightId()));
    }

    @GetMapping("/v1/insights/{id}")
    Mono<Insight> get(@AuthenticationPrincipal RobovisPrincipal caller, @PathVariable String id) {
        return store.find(caller.tenantId(), id)
                .switchIfEmpty(
                        Mono.error(
                                () ->
                                        new ProblemException(
                                                HttpStatus.NOT_FOUND,
                                                "insight_not_found",
                                                "No insight " + id + " visible to this tenant.")));
    }
}
