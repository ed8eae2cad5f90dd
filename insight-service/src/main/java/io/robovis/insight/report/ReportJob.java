package io.robovis.insight.report;

import io.robovis.common.problem.ProblemException;
import io.robovis.common.scheduling.PeriodicJob;
import io.robovis.common.security.RobovisPrincipal;
import io.robovis.common.security.Role;
import io.robovis.common.security.TenantType;
import io.robovis.insight.insight.AnalyzeRequest;
import io.robovis.insight.insight.Insight;
import io.robovis.insight.insight.InsightService;
import io.robovis.insight.projection.ProjectionLag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Produces each tenant's scheduled reports: for every period due (the current one, and those a
 * stopped service missed), one instance claims it (a unique row per schedule and period), writes
 * its insights (fleet_health, friction_emerging_usage, feature_adoption_report over the period, and
 * a daily_digest of each robot with anomalies in it, worst first) and marks it ready with its
 * report.ready in one transaction. A claim whose instance stopped mid-way is taken over after
 * {@link #LEASE}; a report is marked ready once, so report.ready goes out once per period.
 */
@Component
class ReportJob extends PeriodicJob {

    private static final Logger log = LoggerFactory.getLogger(ReportJob.class);

    static final List<String> FLEET_KINDS =
            List.of("fleet_health", "friction_emerging_usage", "feature_adoption_report");

    /** Robots with anomalies that get their daily_digest in a report, at most. */
    static final int MAX_DIGESTS = 10;

    static final Duration LEASE = Duration.ofMinutes(15);

    /**
     * A period due waits while the activity projection has more than {@link #MAX_BACKLOG} events to
     * store (it is catching up: the end of the period may not be stored yet), at most this long
     * after it is due.
     */
    static final Duration MAX_WAIT_FOR_DATA = Duration.ofHours(1);

    static final long MAX_BACKLOG = 20_000;

    private final ReportStore store;
    private final InsightService insights;
    private final ProjectionLag lag;
    private final DatabaseClient db;
    private final Clock clock;
    private final boolean enabled;
    private final Instant startedAt;

    ReportJob(
            ReportStore store,
            InsightService insights,
            ProjectionLag lag,
            DatabaseClient db,
            Clock clock,
            @Value("${robovis.reports.check-every:30s}") Duration checkEvery,
            @Value("${robovis.reports.enabled:true}") boolean enabled) {
        super(checkEvery, checkEvery);
        this.store = store;
        this.insights = insights;
        this.lag = lag;
        this.db = db;
        this.clock = clock;
        this.enabled = enabled;
        this.startedAt = clock.instant();
    }

    @Override
    public boolean isAutoStartup() {
        return enabled;
    }

    @Override
    protected Mono<?> runOnce() {
        return produceDue(clock.instant(), tenant -> true);
    }

    /**
     * Produces every report due at {@code now} that no instance has, for the tenants chosen; emits
     * how many it made.
     */
    Mono<Long> produceDue(Instant now, Predicate<String> tenants) {
        Mono<Long> backlog =
                lag.records()
                        // the broker does not answer: wait, within bounds
                        .onErrorReturn(Long.MAX_VALUE);
        return Mono.zip(backlog, streamReached())
                .flatMap(
                        progress ->
                                store.tenants()
                                        .filter(t -> tenants.test(t.tenantId()))
                                        .concatMap(
                                                tenant ->
                                                        store.schedules(tenant.tenantId())
                                                                .flatMapMany(Flux::fromIterable)
                                                                .filter(s -> s.schedule().enabled())
                                                                .concatMap(
                                                                        s ->
                                                                                due(
                                                                                        tenant,
                                                                                        s,
                                                                                        now,
                                                                                        progress
                                                                                                .getT1(),
                                                                                        progress
                                                                                                .getT2())))
                                        .concatMap(work -> produce(work, now))
                                        .filter(Boolean::booleanValue)
                                        .count());
    }

    private record Work(
            ReportStore.Tenant tenant, String scheduleId, ReportSchedule.Period period) {}

    private Flux<Work> due(
            ReportStore.Tenant tenant,
            ReportStore.Stored stored,
            Instant now,
            long backlog,
            long reachedMs) {
        ReportSchedule s = stored.schedule();
        List<ReportSchedule.Period> periods = s.due(s.zone(tenant.timezone()), now, stored.since());
        if (periods.isEmpty()) {
            return Flux.empty();
        }
        // most runs find every due period ready: one read instead of a claim attempt each
        return store.readyPeriods(tenant.tenantId(), s.scheduleId(), periods.get(0).from())
                .flatMapMany(
                        ready -> Flux.fromIterable(periods).filter(p -> !ready.contains(p.from())))
                .filter(
                        p ->
                                backlog <= MAX_BACKLOG && reachedMs >= p.to().toEpochMilli()
                                        || !now.isBefore(waitedFrom(p).plus(MAX_WAIT_FOR_DATA)))
                .map(p -> new Work(tenant, s.scheduleId(), p));
    }

    /**
     * When waiting for a period's data began: when it was due, or when this instance started if
     * later (a period missed while the service was down waits for the catch-up too).
     */
    private Instant waitedFrom(ReportSchedule.Period period) {
        return period.dueAt().isAfter(startedAt) ? period.dueAt() : startedAt;
    }

    /** How far the projected event stream has reached: its newest event time (0 if none). */
    private Mono<Long> streamReached() {
        return db.sql("SELECT coalesce(max(last_seen_ms), 0) AS ms FROM robot_activity")
                .map(row -> row.get("ms", Long.class))
                .one();
    }

    private Mono<Boolean> produce(Work work, Instant now) {
        return store.claim(
                        work.tenant().tenantId(),
                        work.scheduleId(),
                        work.period(),
                        now.minus(LEASE))
                .flatMap(
                        reportId ->
                                insightsOf(work)
                                        .flatMap(ids -> store.ready(reportId, ids, clock.instant()))
                                        .onErrorResume(
                                                error -> {
                                                    log.warn(
                                                            "Report {} of {} failed, retried at the"
                                                                    + " next run: {}",
                                                            work.period().from(),
                                                            work.tenant().tenantId(),
                                                            error.toString());
                                                    return store.release(reportId)
                                                            .thenReturn(false);
                                                }))
                .defaultIfEmpty(false);
    }

    /** Writes the report's insights, as the tenant's admin would ask for them. */
    private Mono<List<String>> insightsOf(Work work) {
        RobovisPrincipal tenant =
                new RobovisPrincipal(
                        "report:" + work.scheduleId(),
                        work.tenant().tenantId(),
                        TenantType.fromClaim(work.tenant().type()),
                        Role.ADMIN,
                        null);
        String from = work.period().from().toString();
        String to = work.period().to().toString();
        String dayFrom = work.period().to().minus(Duration.ofDays(1)).toString();
        Flux<String> fleet =
                Flux.fromIterable(FLEET_KINDS)
                        .concatMap(
                                kind ->
                                        insights.analyze(
                                                        tenant,
                                                        new AnalyzeRequest(
                                                                kind, null, null, null, from, to))
                                                .map(Insight::insightId));
        Flux<String> digests =
                store.anomalousRobots(work.tenant().tenantId(), work.period(), MAX_DIGESTS)
                        .flatMapMany(Flux::fromIterable)
                        .concatMap(
                                robot ->
                                        insights.analyze(
                                                        tenant,
                                                        new AnalyzeRequest(
                                                                "daily_digest",
                                                                robot,
                                                                null,
                                                                null,
                                                                dayFrom,
                                                                to))
                                                .map(Insight::insightId)
                                                // a robot deprovisioned since: no digest
                                                .onErrorResume(
                                                        ProblemException.class, e -> Mono.empty()));
        return fleet.concatWith(digests).collectList();
    }
}
