package io.robovis.insight.anomaly;

import io.r2dbc.spi.Row;
import io.robovis.common.anomaly.Anomaly;
import io.robovis.common.anomaly.AnomalyChange;
import io.robovis.common.events.PlatformEvent;
import io.robovis.common.outbox.Outbox;
import io.robovis.common.outbox.OutboxRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Anomaly episodes in the database, with who may see them (the robot's client and constructor when
 * the episode opened), and their anomaly.critical through the outbox.
 */
@Component
class AnomalyStore {

    static final String COLUMNS =
            "anomaly_id, robot_id, signal, unit, severity, started_ms, ended_ms, critical_at_ms,"
                    + " value, baseline, score, visible_to";

    /** How recent a critical crossing must be to ask for its robot_anomaly insight. */
    static final long FRESH_MS = 3_600_000L;

    private final DatabaseClient db;
    private final Outbox outbox;
    private final JsonMapper json;
    private final Clock clock;

    AnomalyStore(DatabaseClient db, Outbox outbox, JsonMapper json, Clock clock) {
        this.db = db;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    /** A stored episode and who may see it. */
    record Stored(Anomaly anomaly, String unit, List<String> visibleTo) {}

    /**
     * Writes each episode as it stands (inserted when new, else its severity, end and peak updated)
     * and one anomaly.critical per crossing, in the caller's transaction.
     */
    Mono<Void> save(List<Anomaly> episodes, List<AnomalyChange> crossings) {
        if (episodes.isEmpty()) {
            return Mono.empty();
        }
        String[] robots = episodes.stream().map(Anomaly::robotId).distinct().toArray(String[]::new);
        return db.sql(
                        """
                        SELECT robot_id, client_id, constructor_id FROM robots
                        WHERE robot_id = ANY(:robots)
                        """)
                .bind("robots", robots)
                .map(
                        row ->
                                Map.entry(
                                        row.get("robot_id", String.class),
                                        List.of(
                                                row.get("client_id", String.class),
                                                row.get("constructor_id", String.class))))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .flatMap(
                        owners ->
                                upsert(episodes, owners)
                                        .then(critical(crossings, owners))
                                        .then(requestInsights(crossings)));
    }

    /**
     * For each episode that became critical within the last hour, a robot_anomaly insight request
     * for each of the robot's tenants whose settings ask for one (anomaly_insights); an older one
     * (a backfill) is not described by an insight about the last 24 hours.
     */
    private Mono<Void> requestInsights(List<AnomalyChange> all) {
        long recent = clock.millis() - FRESH_MS;
        List<AnomalyChange> crossings =
                all.stream().filter(c -> c.critical().atMs() >= recent).toList();
        if (crossings.isEmpty()) {
            return Mono.empty();
        }
        return db.sql(
                        """
                        INSERT INTO anomaly_insight_requests (anomaly_id, tenant_id, robot_id)
                        SELECT u.id, t.tenant_id, u.robot
                        FROM unnest(:ids::text[], :robots::text[]) AS u(id, robot)
                        JOIN robots r ON r.robot_id = u.robot
                        JOIN tenants t ON t.tenant_id IN (r.client_id, r.constructor_id)
                             AND t.anomaly_insights
                        ON CONFLICT DO NOTHING
                        """)
                .bind(
                        "ids",
                        crossings.stream().map(c -> c.anomaly().anomalyId()).toArray(String[]::new))
                .bind(
                        "robots",
                        crossings.stream().map(c -> c.anomaly().robotId()).toArray(String[]::new))
                .then();
    }

    private Mono<Void> upsert(List<Anomaly> episodes, Map<String, List<String>> owners) {
        int n = episodes.size();
        String[] ids = new String[n];
        String[] robots = new String[n];
        String[] signals = new String[n];
        String[] units = new String[n];
        String[] severities = new String[n];
        Long[] started = new Long[n];
        Long[] ended = new Long[n];
        Long[] criticalAt = new Long[n];
        Double[] values = new Double[n];
        Double[] baselines = new Double[n];
        Double[] scores = new Double[n];
        String[] visible = new String[n];
        for (int i = 0; i < n; i++) {
            Anomaly a = episodes.get(i);
            ids[i] = a.anomalyId();
            robots[i] = a.robotId();
            signals[i] = a.signal();
            units[i] = a.unit();
            severities[i] = a.severity();
            started[i] = a.startedMs();
            ended[i] = a.endedMs();
            criticalAt[i] = a.criticalAtMs();
            values[i] = a.value();
            baselines[i] = a.baseline();
            scores[i] = a.score();
            visible[i] = String.join(",", owners.getOrDefault(a.robotId(), List.of()));
        }
        return db.sql(
                        """
                        INSERT INTO anomalies AS a (anomaly_id, robot_id, signal, unit, severity,
                            started_ms, ended_ms, critical_at_ms, value, baseline, score, visible_to)
                        SELECT id, robot, signal, unit, severity, started, ended, critical_at,
                               value, baseline, score, string_to_array(visible, ',')
                        FROM unnest(:ids::text[], :robots::text[], :signals::text[], :units::text[],
                                    :severities::text[], :started::bigint[], :ended::bigint[],
                                    :criticalAt::bigint[], :values::float8[], :baselines::float8[],
                                    :scores::float8[], :visible::text[])
                             AS u(id, robot, signal, unit, severity, started, ended, critical_at,
                                  value, baseline, score, visible)
                        ON CONFLICT (anomaly_id) DO UPDATE SET
                          severity = EXCLUDED.severity, ended_ms = EXCLUDED.ended_ms,
                          critical_at_ms = EXCLUDED.critical_at_ms, value = EXCLUDED.value,
                          baseline = EXCLUDED.baseline, score = EXCLUDED.score, updated_at = now()
                        """)
                .bind("ids", ids)
                .bind("robots", robots)
                .bind("signals", signals)
                .bind("units", units)
                .bind("severities", severities)
                .bind("started", started)
                .bind("ended", ended)
                .bind("criticalAt", criticalAt)
                .bind("values", values)
                .bind("baselines", baselines)
                .bind("scores", scores)
                .bind("visible", visible)
                .then();
    }

    /** One anomaly.critical per crossing, for the robot's client and constructor. */
    private Mono<Void> critical(List<AnomalyChange> crossings, Map<String, List<String>> owners) {
        List<OutboxRecord> records =
                crossings.stream()
                        .filter(c -> owners.containsKey(c.anomaly().robotId()))
                        .map(c -> record(c, owners.get(c.anomaly().robotId())))
                        .toList();
        return records.isEmpty() ? Mono.empty() : outbox.append(records);
    }

    private OutboxRecord record(AnomalyChange change, List<String> tenants) {
        Anomaly a = change.anomaly();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("anomaly_id", a.anomalyId());
        data.put("robot_id", a.robotId());
        data.put("signal", a.signal());
        data.put("unit", a.unit());
        data.put("value", change.critical().value());
        data.put("baseline", change.critical().baseline());
        data.put("score", change.critical().score());
        data.put("started_at", Instant.ofEpochMilli(a.startedMs()).toString());
        data.put("detected_at", Instant.ofEpochMilli(change.critical().atMs()).toString());
        PlatformEvent event =
                new PlatformEvent(
                        "anomaly-critical-" + a.anomalyId(),
                        "anomaly.critical",
                        Instant.ofEpochMilli(change.critical().atMs()).toString(),
                        tenants,
                        data);
        return OutboxRecord.platformEvent(event, a.robotId(), a.robotId(), json);
    }

    /** Which episodes a tenant asks for. */
    record Filter(String tenantId, String robotId, Long fromMs, Long toMs, String severity) {}

    /** Position after which the next page starts: (started_ms, anomaly_id) of the last row. */
    record After(long startedMs, String anomalyId) {}

    /** The episodes the tenant may see, that overlap [from, to), newest first. */
    Mono<List<Stored>> page(Filter filter, After after, int limit) {
        StringBuilder sql =
                new StringBuilder(
                        "SELECT "
                                + COLUMNS
                                + " FROM anomalies WHERE visible_to @> ARRAY[:tenant]::text[]");
        if (filter.robotId() != null) {
            sql.append(" AND robot_id = :robot");
        }
        if (filter.fromMs() != null) {
            sql.append(" AND coalesce(ended_ms, 9223372036854775807) > :from");
        }
        if (filter.toMs() != null) {
            sql.append(" AND started_ms < :to");
        }
        if (filter.severity() != null) {
            sql.append(" AND severity = :severity");
        }
        if (after != null) {
            sql.append(" AND (started_ms, anomaly_id) < (:afterStarted, :afterId)");
        }
        sql.append(" ORDER BY started_ms DESC, anomaly_id DESC LIMIT :limit");
        GenericExecuteSpec spec =
                db.sql(sql.toString()).bind("tenant", filter.tenantId()).bind("limit", limit);
        if (filter.robotId() != null) {
            spec = spec.bind("robot", filter.robotId());
        }
        if (filter.fromMs() != null) {
            spec = spec.bind("from", filter.fromMs());
        }
        if (filter.toMs() != null) {
            spec = spec.bind("to", filter.toMs());
        }
        if (filter.severity() != null) {
            spec = spec.bind("severity", filter.severity());
        }
        if (after != null) {
            spec = spec.bind("afterStarted", after.startedMs()).bind("afterId", after.anomalyId());
        }
        return spec.map((row, meta) -> read(row)).all().collectList();
    }

    Mono<Stored> find(String tenantId, String anomalyId) {
        return db.sql(
                        "SELECT "
                                + COLUMNS
                                + " FROM anomalies WHERE anomaly_id = :id"
                                + " AND visible_to @> ARRAY[:tenant]::text[]")
                .bind("id", anomalyId)
                .bind("tenant", tenantId)
                .map((row, meta) -> read(row))
                .one();
    }

    private static Stored read(Row row) {
        return new Stored(
                new Anomaly(
                        row.get("anomaly_id", String.class),
                        row.get("robot_id", String.class),
                        row.get("signal", String.class),
                        row.get("severity", String.class),
                        row.get("started_ms", Long.class),
                        row.get("ended_ms", Long.class),
                        row.get("critical_at_ms", Long.class),
                        row.get("value", Double.class),
                        row.get("baseline", Double.class),
                        row.get("score", Double.class)),
                row.get("unit", String.class),
                Arrays.asList(row.get("visible_to", String[].class)));
    }
}
