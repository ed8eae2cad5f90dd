package io.robovis.robot.health;

import io.robovis.common.health.HourlyRollup;
import io.robovis.common.health.HourlyRollup.ErrorCount;
import io.robovis.common.health.HourlyRollup.Stat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Hourly rollups: recomputed from the event store for the robot-hours that changed. */
@Component
class RollupStore {

    static final int SLICE = 20_000;

    private final DatabaseClient db;
    private final JsonMapper json;

    RollupStore(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /**
     * Takes up to {@link #SLICE} changed robot-hours, recomputes their rollups from the stored
     * events, and emits the robots concerned.
     */
    Mono<List<String>> rollUpChanged() {
        return db.sql(
                        """
                        WITH d AS (
                          DELETE FROM rollup_dirty WHERE (robot_id, hour_ms) IN (
                            SELECT robot_id, hour_ms FROM rollup_dirty LIMIT :limit FOR UPDATE SKIP LOCKED)
                          RETURNING robot_id, hour_ms),
                        ev AS (
                          SELECT d.robot_id, d.hour_ms, e.type, e.body
                          FROM d JOIN events e ON e.robot_id = d.robot_id
                                              AND e.ts_ms >= d.hour_ms AND e.ts_ms < d.hour_ms + 3600000),
                        base AS (
                          SELECT robot_id, hour_ms, count(*) AS events,
                                 count(*) FILTER (WHERE type = 'feature_used') AS uses,
                                 count(*) FILTER (WHERE type = 'feature_used'
                                                  AND body->>'outcome' IS DISTINCT FROM 'success') AS failures
                          FROM ev GROUP BY robot_id, hour_ms),
                        m AS (
                          SELECT robot_id, hour_ms,
                                 jsonb_object_agg(key, jsonb_build_array(n, s, lo, hi)) AS metrics
                          FROM (SELECT ev.robot_id, ev.hour_ms, kv.key, count(*) AS n,
                                       sum(kv.value::float8) AS s, min(kv.value::float8) AS lo,
                                       max(kv.value::float8) AS hi
                                FROM ev CROSS JOIN LATERAL jsonb_each(
                                       CASE WHEN jsonb_typeof(ev.body->'metrics') = 'object'
                                            THEN ev.body->'metrics' ELSE '{}'::jsonb END) kv
                                WHERE ev.type = 'telemetry' AND jsonb_typeof(kv.value) = 'number'
                                GROUP BY ev.robot_id, ev.hour_ms, kv.key) x
                          GROUP BY robot_id, hour_ms),
                        er AS (
                          SELECT robot_id, hour_ms,
                                 jsonb_object_agg(component, jsonb_build_array(total, critical)) AS errors
                          FROM (SELECT robot_id, hour_ms,
                                       COALESCE(body->'error'->>'component', 'unknown') AS component,
                                       count(*) AS total,
                                       count(*) FILTER (WHERE body->'error'->>'severity' = 'critical') AS critical
                                FROM ev WHERE type = 'error'
                                GROUP BY robot_id, hour_ms, 3) y
                          GROUP BY robot_id, hour_ms),
                        up AS (
                          INSERT INTO robot_hourly (robot_id, hour_ms, metrics, errors, feature_uses,
                                                    feature_failures, events)
                          SELECT b.robot_id, b.hour_ms, COALESCE(m.metrics, '{}'), COALESCE(er.errors, '{}'),
                                 b.uses, b.failures, b.events
                          FROM base b LEFT JOIN m USING (robot_id, hour_ms) LEFT JOIN er USING (robot_id, hour_ms)
                          ON CONFLICT (robot_id, hour_ms) DO UPDATE SET
                            metrics = EXCLUDED.metrics, errors = EXCLUDED.errors,
                            feature_uses = EXCLUDED.feature_uses,
                            feature_failures = EXCLUDED.feature_failures, events = EXCLUDED.events
                          RETURNING robot_id)
                        SELECT DISTINCT robot_id FROM d
                        """)
                .bind("limit", SLICE)
                .map(row -> row.get("robot_id", String.class))
                .all()
                .collectList();
    }

    /** The robots' rollups of the hours from {@code fromMs}, by robot. */
    Mono<Map<String, List<HourlyRollup>>> rollups(List<String> robotIds, long fromMs) {
        return db.sql(
                        """
                        SELECT robot_id, hour_ms, metrics::text AS metrics, errors::text AS errors,
                               feature_uses, feature_failures, events
                        FROM robot_hourly WHERE robot_id = ANY (:ids::text[]) AND hour_ms >= :from
                        """)
                .bind("ids", robotIds.toArray(String[]::new))
                .bind("from", fromMs)
                .map(
                        row ->
                                Map.entry(
                                        row.get("robot_id", String.class),
                                        new HourlyRollup(
                                                row.get("hour_ms", Long.class),
                                                metrics(row.get("metrics", String.class)),
                                                errors(row.get("errors", String.class)),
                                                row.get("feature_uses", Integer.class),
                                                row.get("feature_failures", Integer.class),
                                                row.get("events", Integer.class))))
                .all()
                .collect(
                        HashMap::new,
                        (Map<String, List<HourlyRollup>> map, Map.Entry<String, HourlyRollup> e) ->
                                map.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                                        .add(e.getValue()));
    }

    private Map<String, Stat> metrics(String text) {
        Map<String, Stat> out = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : json.readTree(text).properties()) {
            JsonNode a = e.getValue();
            out.put(
                    e.getKey(),
                    new Stat(
                            a.get(0).asLong(),
                            a.get(1).asDouble(),
                            a.get(2).asDouble(),
                            a.get(3).asDouble()));
        }
        return out;
    }

    private Map<String, ErrorCount> errors(String text) {
        Map<String, ErrorCount> out = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : json.readTree(text).properties()) {
            out.put(
                    e.getKey(),
                    new ErrorCount(e.getValue().get(0).asInt(), e.getValue().get(1).asInt()));
        }
        return out;
    }
}
