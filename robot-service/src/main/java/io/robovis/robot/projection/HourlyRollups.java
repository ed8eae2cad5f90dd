package io.robovis.robot.projection;

import io.robovis.common.health.HourlyRollup;
import io.robovis.common.health.RollupBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Adds newly stored events to their robot-hour's rollup (robot_hourly), one statement per batch:
 * counts and sums add up, minimums and maximums merge, so a late event lands in its hour exactly
 * and a duplicate, never inserted, adds nothing. The same {@link RollupBuilder} aggregates the
 * health evaluation's events.
 */
@Component
class HourlyRollups {

    private final DatabaseClient db;
    private final JsonMapper json;

    HourlyRollups(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    Mono<Void> add(List<EventStore.Arrived> events) {
        if (events.isEmpty()) {
            return Mono.empty();
        }
        Map<String, RollupBuilder> byRobot = new TreeMap<>();
        for (EventStore.Arrived a : events) {
            feed(byRobot.computeIfAbsent(a.robot().robotId(), id -> new RollupBuilder()), a);
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

    /** What the rollups keep of one event; unknown metric names are kept, non-numbers are not. */
    private static void feed(RollupBuilder rollup, EventStore.Arrived a) {
        JsonNode e = a.event();
        Map<String, Double> values = new HashMap<>();
        JsonNode metrics = e.get("metrics");
        if (metrics != null && metrics.isObject()) {
            for (Map.Entry<String, JsonNode> m : metrics.properties()) {
                if (m.getValue().isNumber()) {
                    values.put(m.getKey(), m.getValue().asDouble());
                }
            }
        }
        JsonNode error = e.path("error");
        rollup.event(
                a.tsMs(),
                e.get("type").asString(),
                values,
                error.path("component").asString(null),
                "critical".equals(error.path("severity").asString("")),
                e.path("outcome").asString(null));
    }
}
