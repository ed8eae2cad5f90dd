package io.robovis.insight.anomaly;

import io.robovis.common.problem.ProblemException;
import io.robovis.common.scheduling.PeriodicJob;
import io.robovis.common.security.RobovisPrincipal;
import io.robovis.common.security.Role;
import io.robovis.common.security.TenantType;
import io.robovis.insight.insight.AnalyzeRequest;
import io.robovis.insight.insight.InsightService;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Writes the robot_anomaly insight that a tenant's settings ask for when an episode of one of its
 * robots becomes critical. The requests are written with the episode (so none is lost); an instance
 * claims a few at a time, writes each insight as the tenant's admin would ask for it, and deletes
 * the request. A claim whose instance stopped is taken over after {@link #LEASE}; a robot
 * deprovisioned since drops its request.
 */
@Component
class AnomalyInsightJob extends PeriodicJob {

    private static final Logger log = LoggerFactory.getLogger(AnomalyInsightJob.class);

    static final Duration LEASE = Duration.ofMinutes(10);
    static final int PER_RUN = 4;

    private final DatabaseClient db;
    private final InsightService insights;

    AnomalyInsightJob(
            DatabaseClient db,
            InsightService insights,
            @Value("${robovis.anomalies.insights-every:5s}") Duration every) {
        super(every, every);
        this.db = db;
        this.insights = insights;
    }

    private record Request(String anomalyId, String tenantId, String type, String robotId) {}

    @Override
    protected Mono<?> runOnce() {
        return db.sql(
                        """
                        UPDATE anomaly_insight_requests q SET claimed_at = now()
                        FROM tenants t
                        WHERE t.tenant_id = q.tenant_id AND (q.anomaly_id, q.tenant_id) IN (
                            SELECT anomaly_id, tenant_id FROM anomaly_insight_requests
                            WHERE claimed_at IS NULL OR claimed_at < now() - :lease::interval
                            ORDER BY requested_at LIMIT :max FOR UPDATE SKIP LOCKED)
                        RETURNING q.anomaly_id, q.tenant_id, t.type, q.robot_id
                        """)
                .bind("lease", LEASE.toSeconds() + " seconds")
                .bind("max", PER_RUN)
                .map(
                        row ->
                                new Request(
                                        row.get("anomaly_id", String.class),
                                        row.get("tenant_id", String.class),
                                        row.get("type", String.class),
                                        row.get("robot_id", String.class)))
                .all()
                .concatMap(this::write)
                .then();
    }

    private Mono<Void> write(Request request) {
        RobovisPrincipal tenant =
                new RobovisPrincipal(
                        "anomaly:" + request.anomalyId(),
                        request.tenantId(),
                        TenantType.fromClaim(request.type()),
                        Role.ADMIN,
                        null);
        return insights.analyze(
                        tenant,
                        new AnalyzeRequest(
                                "robot_anomaly", request.robotId(), null, null, null, null))
                .then(done(request))
                .onErrorResume(
                        ProblemException.class,
                        e ->
                                e.getStatusCode() == HttpStatus.NOT_FOUND
                                        ? done(request)
                                        : retryLater(request, e))
                .onErrorResume(e -> retryLater(request, e));
    }

    private Mono<Void> done(Request request) {
        return db.sql(
                        "DELETE FROM anomaly_insight_requests"
                                + " WHERE anomaly_id = :anomaly AND tenant_id = :tenant")
                .bind("anomaly", request.anomalyId())
                .bind("tenant", request.tenantId())
                .then();
    }

    private Mono<Void> retryLater(Request request, Throwable error) {
        log.warn(
                "robot_anomaly insight for {} of {} failed, retried at the next run: {}",
                request.anomalyId(),
                request.tenantId(),
                error.toString());
        return db.sql(
                        "UPDATE anomaly_insight_requests SET claimed_at = NULL"
                                + " WHERE anomaly_id = :anomaly AND tenant_id = :tenant")
                .bind("anomaly", request.anomalyId())
                .bind("tenant", request.tenantId())
                .then();
    }
}
