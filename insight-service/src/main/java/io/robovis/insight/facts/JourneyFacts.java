package io.robovis.insight.facts;

import static io.robovis.insight.facts.Facts.count;
import static io.robovis.insight.facts.Facts.num;
import static io.robovis.insight.facts.Facts.percent;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * user_journey_analysis: the sessions that started in the window, their most frequent step paths
 * (the first 6 steps: the sessions table keeps each session's path), where sessions that never
 * ended stopped (drop-off), the steps sessions leave from, and session lengths.
 */
@Component
class JourneyFacts implements FactsCalculator {

    static final int TOP = 5;

    /** A session without session_ended counts as dropped once idle this long. */
    static final long IDLE_MS = 30 * 60_000L;

    private final Queries queries;

    JourneyFacts(Queries queries) {
        this.queries = queries;
    }

    @Override
    public Set<InsightKind> kinds() {
        return EnumSet.of(InsightKind.USER_JOURNEY_ANALYSIS);
    }

    @Override
    public Mono<Facts> compute(InsightKind kind, Scope scope, Window window, long nowMs) {
        Map<String, Object> binds =
                Map.of(
                        "from", window.fromMs(),
                        "to", window.toMs(),
                        "idle", Math.min(window.toMs(), nowMs) - IDLE_MS);
        String sessions =
                """
                , s AS (SELECT x.* FROM scoped JOIN sessions x ON x.robot_id = scoped.robot_id
                                  AND x.first_ms >= :from AND x.first_ms < :to
                                  AND x.first_ms >= scoped.since_ms)
                """;
        Mono<List<Map<String, Object>>> summary =
                queries.rows(
                        scope,
                        sessions
                                + """
                                SELECT count(*) AS sessions,
                                       count(*) FILTER (WHERE ended) AS ended,
                                       count(*) FILTER (WHERE NOT ended AND last_ms < :idle) AS dropped,
                                       percentile_cont(0.5) WITHIN GROUP (ORDER BY last_ms - first_ms) AS median_ms,
                                       percentile_cont(0.9) WITHIN GROUP (ORDER BY last_ms - first_ms) AS p90_ms,
                                       avg(cardinality(steps))::float8 AS steps
                                FROM s
                                """,
                        binds);
        Mono<List<Map<String, Object>>> paths =
                queries.rows(
                        scope,
                        sessions
                                + """
                                SELECT path, count(*) AS sessions
                                FROM s WHERE cardinality(steps) > 0
                                GROUP BY path ORDER BY 2 DESC, 1 LIMIT %d
                                """
                                        .formatted(TOP),
                        binds);
        // two statements, each scanning the window's sessions once: one CTE read twice would
        // be materialized and lose the parallel scan (700 ms instead of 200 for 10,000 robots)
        Mono<List<Map<String, Object>>> reached =
                queries.rows(
                        scope,
                        sessions
                                + """
                                SELECT u.step, count(*) AS reached
                                FROM s CROSS JOIN LATERAL (SELECT DISTINCT step FROM unnest(s.steps) AS step) u
                                GROUP BY u.step
                                """,
                        binds);
        Mono<List<Map<String, Object>>> exits =
                queries.rows(
                        scope,
                        sessions
                                + """
                                SELECT last_step AS step, count(*) AS exits,
                                       count(*) FILTER (WHERE NOT ended AND last_ms < :idle) AS dropped
                                FROM s WHERE cardinality(steps) > 0
                                GROUP BY last_step
                                """,
                        binds);
        Mono<List<Map<String, Object>>> steps =
                Mono.zip(reached, exits)
                        .map(
                                t -> {
                                    Map<Object, Map<String, Object>> byStep =
                                            new java.util.HashMap<>();
                                    t.getT2().forEach(e -> byStep.put(e.get("step"), e));
                                    List<Map<String, Object>> out = new ArrayList<>();
                                    for (Map<String, Object> r : t.getT1()) {
                                        Map<String, Object> e =
                                                byStep.getOrDefault(r.get("step"), Map.of());
                                        Map<String, Object> m = new LinkedHashMap<>(r);
                                        m.put("exits", e.getOrDefault("exits", 0L));
                                        m.put("dropped", e.getOrDefault("dropped", 0L));
                                        out.add(m);
                                    }
                                    out.sort(
                                            java.util.Comparator.comparingLong(
                                                            (Map<String, Object> m) ->
                                                                    -count(m.get("reached")))
                                                    .thenComparing(
                                                            m -> String.valueOf(m.get("step"))));
                                    return out;
                                });
        return Mono.zip(summary, paths, steps)
                .map(t -> facts(t.getT1().get(0), t.getT2(), t.getT3()));
    }

    /**
     * warning: at least 10 % of the sessions dropped (no session_ended, idle 30 min); critical: at
     * least 25 %. Fewer than 20 sessions: info.
     */
    private static Facts facts(
            Map<String, Object> summary,
            List<Map<String, Object>> paths,
            List<Map<String, Object>> steps) {
        long sessions = count(summary.get("sessions"));
        long dropped = count(summary.get("dropped"));
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("sessions", sessions);
        s.put("ended", count(summary.get("ended")));
        s.put("dropped", dropped);
        s.put("drop_rate_pct", percent(dropped, sessions));
        s.put(
                "median_length_s",
                summary.get("median_ms") == null
                        ? null
                        : Facts.round(num(summary.get("median_ms")) / 1000));
        s.put(
                "p90_length_s",
                summary.get("p90_ms") == null
                        ? null
                        : Facts.round(num(summary.get("p90_ms")) / 1000));
        s.put(
                "average_steps",
                summary.get("steps") == null ? null : Facts.round(num(summary.get("steps"))));
        body.put("sessions", s);
        List<Map<String, Object>> top = new ArrayList<>();
        for (Map<String, Object> p : paths) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", p.get("path"));
            m.put("sessions", count(p.get("sessions")));
            m.put("share_pct", percent(count(p.get("sessions")), sessions));
            top.add(m);
        }
        body.put("top_paths", top);
        List<Map<String, Object>> exits = new ArrayList<>();
        List<Map<String, Object>> dropOffs = new ArrayList<>();
        for (Map<String, Object> st : steps) {
            Map<String, Object> m = new LinkedHashMap<>();
            long reached = count(st.get("reached"));
            m.put("step", st.get("step"));
            m.put("sessions_reaching", reached);
            m.put("exits", count(st.get("exits")));
            m.put("exit_rate_pct", percent(count(st.get("exits")), reached));
            m.put("dropped_here", count(st.get("dropped")));
            exits.add(m);
            if (count(st.get("dropped")) > 0) {
                dropOffs.add(m);
            }
        }
        dropOffs.sort(
                (a, b) -> Long.compare(count(b.get("dropped_here")), count(a.get("dropped_here"))));
        body.put("drop_off_steps", dropOffs.subList(0, Math.min(TOP, dropOffs.size())));
        body.put("steps", exits.subList(0, Math.min(15, exits.size())));
        Severity severity = Severity.INFO;
        if (sessions >= 20 && dropped * 4 >= sessions) {
            severity = Severity.CRITICAL;
        } else if (sessions >= 20 && dropped * 10 >= sessions) {
            severity = Severity.WARNING;
        }
        return new Facts(body, severity);
    }
}
