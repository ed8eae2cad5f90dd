package io.robovis.common.health;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Adds newly stored events to their robot-hour's rollup in the service's {@code robot_hourly}
 * table, one statement per batch: counts and sums add up, minimums and maximums merge, so a late
 * event lands in its hour exactly and a duplicate, never passed in, adds nothing. The table and its
 * {@code merge_stats} / {@code merge_counts} functions are created by each owning service's
 * migrations (robot-service V6, insight-service V2).
 */
public final class RollupWriter {

    private final DatabaseClient db;
    private final JsonMapper json;
    private final Map<String, RollupBuilder> byRobot = new TreeMap<>();

    public RollupWriter(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /** Feeds one event; unknown metric names are kept, non-numbers are not. */
    public RollupWriter add(String robotId, long tsMs, JsonNode event) {
        RollupBuilder rollup = byRobot.computeIfAbsent(robotId, id -> new RollupBuilder());
        Map<String, Double> values = new HashMap<>();
        JsonNode metrics = event.get("metrics");
        if (metrics != null && metrics.isObject()) {
            for (Map.Entry<String, JsonNode> m : metrics.properties()) {
                if (m.getValue().isNumber()) {
                    values.put(m.getKey(), m.getValue().asDouble());
                }
            }
        }
        JsonNode error = event.path("error");
        rollup.event(
                tsMs,
                event.get("type").asString(),
                values,
                error.path("component").asString(null),
                "critical".equals(error.path("severity").asString("")),
                event.path("outcome").asString(null));
        return this;
    }

    /** Writes what was fed, robots and hours in key order (no deadlocks between batches). */
    public Mono<Void> write() {
        if (byRobot.isEmpty()) {
            return Mono.empty();
        }
        List<String> robots = new ArrayList<>();
        List<Long> hours = new ArrayList<>();
        List<String> metrics = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<Integer> uses = new ArrayList<>();
        List<Integer> failures = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        byRobot.forEach(
                (robot, builder) -> {
                    for (HourlyRollup hour : builder.rollups(Long.MAX_VALUE)) {
                        robots.add(robot);
                        hours.add(hour.hourMs());
                        Map<String, Object> m = new LinkedHashMap<>();
                        hour.metrics()
                                .forEach(
                                        (name, s) ->
                                                m.put(
                                                        name,
                                                        List.of(s.n(), s.sum(), s.min(), s.max())));
                        metrics.add(json.writeValueAsString(m));
                        Map<String, Object> e = new LinkedHashMap<>();
                        hour.errors()
                                .forEach(
                                        (component, c) ->
                                                e.put(component, List.of(c.total(), c.critical())));
                        errors.add(json.writeValueAsString(e));
                        uses.add(hour.featureUses());
                        failures.add(hour.featureFailures());
                        counts.add(hour.events());
                    }
                });
        return db.sql(
                        """
                        INSERT INTO robot_hourly (robot_id, hour_ms, metrics, errors, feature_uses,
                                                  feature_failures, events)
                        SELECT r, h, m::jsonb, e::jsonb, u, f, n
                        FROM unnest(:robots::text[], :hours::bigint[], :metrics::text[], :errors::text[],
                                    :uses::int[], :failures::int[], :counts::int[]) AS x(r, h, m, e, u, f, n)
                        ORDER BY r, h
                        ON CONFLICT (robot_id, hour_ms) DO UPDATE SET
                          metrics = merge_stats(robot_hourly.metrics, EXCLUDED.metrics),
                          errors = merge_counts(robot_hourly.errors, EXCLUDED.errors),
                          feature_uses = robot_hourly.feature_uses + EXCLUDED.feature_uses,
                          feature_failures = robot_hourly.feature_failures + EXCLUDED.feature_failures,
                          events = robot_hourly.events + EXCLUDED.events
                        """)
                .bind("robots", robots.toArray(String[]::new))
                .bind("hours", hours.toArray(Long[]::new))
                .bind("metrics", metrics.toArray(String[]::new))
                .bind("errors", errors.toArray(String[]::new))
                .bind("uses", uses.toArray(Integer[]::new))
                .bind("failures", failures.toArray(Integer[]::new))
                .bind("counts", counts.toArray(Integer[]::new))
                .then();
    }
}
