package io.robovis.insight.facts;

import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Runs a projection query over the robots of a scope ({@code WITH scoped AS …} prepended). */
@Component
class Queries {

    private static final java.util.regex.Pattern PARAMETER =
            java.util.regex.Pattern.compile(":(\\w+)");

    private final DatabaseClient db;

    Queries(DatabaseClient db) {
        this.db = db;
    }

    Mono<List<Map<String, Object>>> rows(Scope scope, String sql, Map<String, Object> binds) {
        GenericExecuteSpec spec = scope.bind(db.sql("WITH " + scope.cte() + "\n" + sql));
        for (Map.Entry<String, Object> b : binds.entrySet()) {
            // callers share one set of bounds; a statement binds those it names
            if (PARAMETER.matcher(sql).results().anyMatch(m -> m.group(1).equals(b.getKey()))) {
                spec = spec.bind(b.getKey(), b.getValue());
            }
        }
        return spec.fetch().all().collectList();
    }

    /** The window's bounds as the hourly queries bind them. */
    static Map<String, Object> bounds(Window window) {
        return Map.of(
                "from", window.fromMs(), "to", window.toMs(), "prev", window.previousFromMs());
    }

    /**
     * The bounds and buckets of a window, optionally with the period before it: each period reads
     * its whole UTC days from a daily table and the hours of its partial days from an hourly one,
     * so a bucket never straddles {@code from}. Bind names: {@code from}, {@code to}, {@code prev},
     * day ranges {@code da1..db2}, hour ranges {@code ha1..hb4}.
     */
    static Map<String, Object> buckets(Window window, boolean withPrevious) {
        Map<String, Object> binds = new java.util.HashMap<>(bounds(window));
        long[][] periods = {
            {withPrevious ? window.previousFromMs() : window.fromMs(), window.fromMs()},
            {window.fromMs(), window.toMs()}
        };
        for (int p = 0; p < 2; p++) {
            long a = periods[p][0];
            long b = periods[p][1];
            long firstDay = a + Math.floorMod(-a, Window.DAY_MS);
            long lastDay = b - Math.floorMod(b, Window.DAY_MS);
            if (lastDay <= firstDay) {
                firstDay = b; // no whole day: every hour from the hourly table
                lastDay = b;
            }
            binds.put("da" + (p + 1), firstDay);
            binds.put("db" + (p + 1), lastDay);
            binds.put("ha" + (2 * p + 1), a);
            binds.put("hb" + (2 * p + 1), firstDay);
            binds.put("ha" + (2 * p + 2), lastDay);
            binds.put("hb" + (2 * p + 2), b);
        }
        return binds;
    }

    private static String days(String column) {
        return "((%1$s >= :da1 AND %1$s < :db1) OR (%1$s >= :da2 AND %1$s < :db2))"
                .formatted(column);
    }

    private static String hours(String column) {
        return ("((%1$s >= :ha1 AND %1$s < :hb1) OR (%1$s >= :ha2 AND %1$s < :hb2)"
                        + " OR (%1$s >= :ha3 AND %1$s < :hb3) OR (%1$s >= :ha4 AND %1$s < :hb4))")
                .formatted(column);
    }

    /**
     * {@code , fu(robot_id, t, feature, uses, successes, failures, abandoned, duration_ms, timed)}:
     * the feature uses of the robots in scope over {@link #buckets}, {@code t} a bucket's start.
     */
    static String featureUses() {
        return """
                , fu AS (
                  SELECT d.robot_id, d.day_ms AS t, d.feature, d.uses, d.successes, d.failures,
                         d.abandoned, d.duration_ms, d.timed
                  FROM scoped s JOIN feature_daily d ON d.robot_id = s.robot_id
                       AND d.day_ms >= s.since_ms AND %s
                  UNION ALL
                  SELECT h.robot_id, h.hour_ms, h.feature, h.uses, h.successes, h.failures,
                         h.abandoned, h.duration_ms, h.timed
                  FROM scoped s JOIN feature_hourly h ON h.robot_id = s.robot_id
                       AND h.hour_ms >= s.since_ms AND %s)
                """
                .formatted(days("d.day_ms"), hours("h.hour_ms"));
    }

    /**
     * {@code , er(robot_id, t, component, total, critical)}: the errors of the robots in scope over
     * {@link #buckets}.
     */
    static String errors() {
        return """
                , er AS (
                  SELECT d.robot_id, d.day_ms AS t, d.component, d.total, d.critical
                  FROM scoped s JOIN error_daily d ON d.robot_id = s.robot_id
                       AND d.day_ms >= s.since_ms AND %s
                  UNION ALL
                  SELECT h.robot_id, h.hour_ms, e.key, (e.value->>0)::int, (e.value->>1)::int
                  FROM scoped s
                  JOIN robot_hourly h ON h.robot_id = s.robot_id AND h.errors <> '{}'::jsonb
                       AND h.hour_ms >= s.since_ms AND %s
                  CROSS JOIN LATERAL jsonb_each(h.errors) e)
                """
                .formatted(days("d.day_ms"), hours("h.hour_ms"));
    }
}
