package io.robovis.insight.report;

import io.r2dbc.spi.Row;
import io.robovis.common.events.PlatformEvent;
import io.robovis.common.outbox.Outbox;
import io.robovis.common.outbox.OutboxRecord;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Report schedules and reports in the database; a report's report.ready through the outbox. */
@Component
class ReportStore {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final Outbox outbox;
    private final JsonMapper json;

    ReportStore(
            DatabaseClient db, TransactionalOperator transaction, Outbox outbox, JsonMapper json) {
        this.db = db;
        this.transaction = transaction;
        this.outbox = outbox;
        this.json = json;
    }

    /** A tenant as the report job needs it. */
    record Tenant(String tenantId, String type, String timezone) {}

    /** A stored schedule and since when it has existed. */
    record Stored(ReportSchedule schedule, Instant since) {}

    /** A report: its period, its state and the insights it holds. */
    record Report(
            String reportId,
            String tenantId,
            String scheduleId,
            Instant from,
            Instant to,
            String status,
            List<String> insightIds,
            Instant readyAt) {}

    Flux<Tenant> tenants() {
        return db.sql("SELECT tenant_id, type, timezone FROM tenants ORDER BY tenant_id")
                .map(
                        row ->
                                new Tenant(
                                        row.get("tenant_id", String.class),
                                        row.get("type", String.class),
                                        row.get("timezone", String.class)))
                .all();
    }

    /** The tenant's own time zone (its settings), if it has one. */
    Mono<String> timezone(String tenantId) {
        return db.sql("SELECT timezone FROM tenants WHERE tenant_id = :tenant")
                .bind("tenant", tenantId)
                .map(row -> java.util.Optional.ofNullable(row.get("timezone", String.class)))
                .one()
                .flatMap(Mono::justOrEmpty);
    }

    /** The tenant's schedules; the default one first stored if it has none yet. */
    Mono<List<Stored>> schedules(String tenantId) {
        ReportSchedule d = ReportSchedule.DEFAULT;
        Mono<Void> ensureDefault =
                db.sql(
                                """
                                INSERT INTO report_schedules (tenant_id, schedule_id, frequency,
                                    at_time, weekday, timezone, enabled)
                                SELECT :tenant, :id, :frequency, :at, NULL, NULL, true
                                WHERE NOT EXISTS
                                  (SELECT 1 FROM report_schedules WHERE tenant_id = :tenant)
                                ON CONFLICT DO NOTHING
                                """)
                        .bind("tenant", tenantId)
                        .bind("id", d.scheduleId())
                        .bind("frequency", d.frequency())
                        .bind("at", d.at())
                        .then();
        return ensureDefault.then(
                db.sql(
                                """
                                SELECT schedule_id, frequency, at_time, weekday, timezone, enabled,
                                       created_at
                                FROM report_schedules WHERE tenant_id = :tenant ORDER BY schedule_id
                                """)
                        .bind("tenant", tenantId)
                        .map(
                                row ->
                                        new Stored(
                                                new ReportSchedule(
                                                        row.get("schedule_id", String.class),
                                                        row.get("frequency", String.class),
                                                        row.get("at_time", String.class),
                                                        row.get("weekday", String.class),
                                                        row.get("timezone", String.class),
                                                        row.get("enabled", Boolean.class)),
                                                row.get("created_at", OffsetDateTime.class)
                                                        .toInstant()))
                        .all()
                        .collectList());
    }

    /**
     * Replaces the tenant's schedules: kept ids keep their history (since), new ones start now,
     * absent ones go.
     */
    Mono<Void> replace(String tenantId, List<ReportSchedule> schedules) {
        String[] ids = schedules.stream().map(ReportSchedule::scheduleId).toArray(String[]::new);
        Mono<Void> upserts =
                Flux.fromIterable(schedules)
                        .concatMap(
                                s ->
                                        db.sql(
                                                        """
                                                        INSERT INTO report_schedules AS r (tenant_id,
                                                            schedule_id, frequency, at_time, weekday,
                                                            timezone, enabled)
                                                        VALUES (:tenant, :id, :frequency, :at,
                                                            :weekday, :timezone, :enabled)
                                                        ON CONFLICT (tenant_id, schedule_id) DO UPDATE
                                                        SET frequency = EXCLUDED.frequency,
                                                            at_time = EXCLUDED.at_time,
                                                            weekday = EXCLUDED.weekday,
                                                            timezone = EXCLUDED.timezone,
                                                            enabled = EXCLUDED.enabled,
                                                            updated_at = now()
                                                        """)
                                                .bind("tenant", tenantId)
                                                .bind("id", s.scheduleId())
                                                .bind("frequency", s.frequency())
                                                .bind("at", s.at())
                                                .bind("weekday", text(s.weekday()))
                                                .bind("timezone", text(s.timezone()))
                                                .bind("enabled", s.enabled())
                                                .then())
                        .then();
        Mono<Void> removals =
                db.sql(
                                """
                                DELETE FROM report_schedules
                                WHERE tenant_id = :tenant AND NOT (schedule_id = ANY(:ids))
                                """)
                        .bind("tenant", tenantId)
                        .bind("ids", ids)
                        .then();
        return upserts.then(removals).as(transaction::transactional);
    }

    /**
     * Claims a period for this instance: a new pending report, or one whose claim is older than
     * {@code staleBefore} (its instance stopped mid-way). Empty when another instance has it or it
     * is ready.
     */
    Mono<String> claim(
            String tenantId, String scheduleId, ReportSchedule.Period period, Instant staleBefore) {
        OffsetDateTime from = period.from().atOffset(ZoneOffset.UTC);
        Mono<String> fresh =
                db.sql(
                                """
                                INSERT INTO reports (report_id, tenant_id, schedule_id, period_from,
                                    period_to, status, claimed_at)
                                VALUES (:id, :tenant, :schedule, :from, :to, 'pending', now())
                                ON CONFLICT (tenant_id, schedule_id, period_from) DO NOTHING
                                RETURNING report_id
                                """)
                        .bind("id", newId())
                        .bind("tenant", tenantId)
                        .bind("schedule", scheduleId)
                        .bind("from", from)
                        .bind("to", period.to().atOffset(ZoneOffset.UTC))
                        .map(row -> row.get("report_id", String.class))
                        .one();
        Mono<String> stale =
                db.sql(
                                """
                                UPDATE reports SET claimed_at = now()
                                WHERE tenant_id = :tenant AND schedule_id = :schedule
                                  AND period_from = :from AND status = 'pending'
                                  AND claimed_at < :stale
                                RETURNING report_id
                                """)
                        .bind("tenant", tenantId)
                        .bind("schedule", scheduleId)
                        .bind("from", from)
                        .bind("stale", staleBefore.atOffset(ZoneOffset.UTC))
                        .map(row -> row.get("report_id", String.class))
                        .one();
        return fresh.switchIfEmpty(stale);
    }

    /** The starts of the schedule's periods from {@code from} on that are ready. */
    Mono<java.util.Set<Instant>> readyPeriods(String tenantId, String scheduleId, Instant from) {
        return db.sql(
                        """
                        SELECT period_from FROM reports
                        WHERE tenant_id = :tenant AND schedule_id = :schedule
                          AND period_from >= :from AND status = 'ready'
                        """)
                .bind("tenant", tenantId)
                .bind("schedule", scheduleId)
                .bind("from", from.atOffset(ZoneOffset.UTC))
                .map(row -> row.get("period_from", OffsetDateTime.class).toInstant())
                .all()
                .collect(java.util.stream.Collectors.toSet());
    }

    /** Gives a claimed period back (its insights could not be written), to retry later. */
    Mono<Void> release(String reportId) {
        return db.sql("DELETE FROM reports WHERE report_id = :id AND status = 'pending'")
                .bind("id", reportId)
                .then();
    }

    /**
     * Marks the report ready with its insights and appends its report.ready, once: a report that is
     * already ready (another instance took over a stale claim and finished) is left alone.
     */
    Mono<Boolean> ready(String reportId, List<String> insightIds, Instant at) {
        return db.sql(
                        """
                        UPDATE reports SET status = 'ready', insight_ids = :insights, ready_at = :at
                        WHERE report_id = :id AND status = 'pending'
                        RETURNING report_id, tenant_id, schedule_id, period_from, period_to, status,
                                  insight_ids, ready_at
                        """)
                .bind("id", reportId)
                .bind("insights", insightIds.toArray(String[]::new))
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .map((row, meta) -> read(row))
                .one()
                .flatMap(report -> outbox.append(readyEvent(report)).thenReturn(true))
                .defaultIfEmpty(false)
                .as(transaction::transactional);
    }

    private OutboxRecord readyEvent(Report report) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("report_id", report.reportId());
        data.put("schedule_id", report.scheduleId());
        data.put("period", Map.of("from", report.from().toString(), "to", report.to().toString()));
        data.put("insight_ids", report.insightIds());
        PlatformEvent event =
                new PlatformEvent(
                        "report-ready-" + report.reportId(),
                        "report.ready",
                        report.readyAt().toString(),
                        List.of(report.tenantId()),
                        data);
        return OutboxRecord.platformEvent(event, report.tenantId(), null, json);
    }

    /** Position after which the next page starts: (period_from, report_id) of the last row. */
    record After(Instant from, String reportId) {}

    Mono<List<Report>> page(String tenantId, After after, int limit) {
        String sql =
                "SELECT report_id, tenant_id, schedule_id, period_from, period_to, status,"
                        + " insight_ids, ready_at FROM reports WHERE tenant_id = :tenant"
                        + (after == null ? "" : " AND (period_from, report_id) < (:from, :id)")
                        + " ORDER BY period_from DESC, report_id DESC LIMIT :limit";
        var spec = db.sql(sql).bind("tenant", tenantId).bind("limit", limit);
        if (after != null) {
            spec =
                    spec.bind("from", after.from().atOffset(ZoneOffset.UTC))
                            .bind("id", after.reportId());
        }
        return spec.map((row, meta) -> read(row)).all().collectList();
    }

    Mono<Report> find(String tenantId, String reportId) {
        return db.sql(
                        """
                        SELECT report_id, tenant_id, schedule_id, period_from, period_to, status,
                               insight_ids, ready_at
                        FROM reports WHERE report_id = :id AND tenant_id = :tenant
                        """)
                .bind("id", reportId)
                .bind("tenant", tenantId)
                .map((row, meta) -> read(row))
                .one();
    }

    /** Each insight's kind, robot, severity and text, in the order given. */
    Mono<List<Map<String, Object>>> insights(List<String> ids) {
        if (ids.isEmpty()) {
            return Mono.just(List.of());
        }
        return db.sql(
                        """
                        SELECT insight_id, kind, robot_id, severity, analysis_text, generator
                        FROM insights WHERE insight_id = ANY(:ids)
                        ORDER BY array_position(:ids, insight_id)
                        """)
                .bind("ids", ids.toArray(String[]::new))
                .map(
                        row -> {
                            Map<String, Object> i = new LinkedHashMap<>();
                            i.put("insight_id", row.get("insight_id", String.class));
                            i.put("kind", row.get("kind", String.class));
                            i.put("robot_id", row.get("robot_id", String.class));
                            i.put("severity", row.get("severity", String.class));
                            i.put("analysis_text", row.get("analysis_text", String.class));
                            i.put("generator", row.get("generator", String.class));
                            return i;
                        })
                .all()
                .collectList();
    }

    /** Robots with anomaly episodes in the period that the tenant may see, worst first. */
    Mono<List<String>> anomalousRobots(String tenantId, ReportSchedule.Period period, int max) {
        return db.sql(
                        """
                        SELECT robot_id FROM anomalies
                        WHERE visible_to @> ARRAY[:tenant]::text[] AND started_ms < :to
                          AND coalesce(ended_ms, 9223372036854775807) > :from
                        GROUP BY robot_id
                        ORDER BY bool_or(severity = 'critical') DESC, max(abs(score)) DESC, robot_id
                        LIMIT :max
                        """)
                .bind("tenant", tenantId)
                .bind("from", period.from().toEpochMilli())
                .bind("to", period.to().toEpochMilli())
                .bind("max", max)
                .map(row -> row.get("robot_id", String.class))
                .all()
                .collectList();
    }

    private static Report read(Row row) {
        OffsetDateTime ready = row.get("ready_at", OffsetDateTime.class);
        return new Report(
                row.get("report_id", String.class),
                row.get("tenant_id", String.class),
                row.get("schedule_id", String.class),
                row.get("period_from", OffsetDateTime.class).toInstant(),
                row.get("period_to", OffsetDateTime.class).toInstant(),
                row.get("status", String.class),
                Arrays.asList(row.get("insight_ids", String[].class)),
                ready == null ? null : ready.toInstant());
    }

    private static Parameter text(String value) {
        return Parameter.fromOrEmpty(value, String.class);
    }

    static String newId() {
        StringBuilder id = new StringBuilder("rep_");
        for (int i = 0; i < 16; i++) {
            id.append(ID_CHARS[RANDOM.nextInt(ID_CHARS.length)]);
        }
        return id.toString();
    }
}
