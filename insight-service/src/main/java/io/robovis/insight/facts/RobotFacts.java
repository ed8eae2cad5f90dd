package io.robovis.insight.facts;

import static io.robovis.insight.facts.Facts.count;
import static io.robovis.insight.facts.Facts.num;
import static io.robovis.insight.facts.Facts.percent;

import io.robovis.common.anomaly.Anomaly;
import io.robovis.common.health.HourlyRollup;
import io.robovis.common.health.HourlyRollup.ErrorCount;
import io.robovis.common.health.HourlyRollup.Stat;
import io.robovis.common.health.Robust;
import io.robovis.common.problem.ProblemException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two kinds about one robot. Both cite the episodes the streaming detector found in the robot's
 * last 24 hours ({@code episodes}). daily_digest: its last 24 hours (use, errors, telemetry,
 * presence, health). robot_anomaly: its last 24 hours against its own previous 7 days: each
 * telemetry metric's 24-hour mean against the median and MAD of its daily means, errors per
 * component against their daily baseline, feature failure rate against its baseline.
 */
@Component
class RobotFacts implements FactsCalculator {

    static final long RECENT_MS = Window.DAY_MS;
    static final int BASELINE_DAYS = 7;
    static final double WARNING_SCORE = 3;
    static final double CRITICAL_SCORE = 6;

    /** Episodes cited at most. */
    static final int MAX_EPISODES = 20;

    /** Counters only grow; their level says nothing about an anomaly. */
    static final Set<String> COUNTERS = Set.of("battery_cycles", "odometer_m");

    private final Queries queries;
    private final JsonMapper json;

    RobotFacts(Queries queries, JsonMapper json) {
        this.queries = queries;
        this.json = json;
    }

    @Override
    public Set<InsightKind> kinds() {
        return EnumSet.of(InsightKind.ROBOT_ANOMALY, InsightKind.DAILY_DIGEST);
    }

    @Override
    public Mono<Facts> compute(InsightKind kind, Scope scope, Window window, long nowMs) {
        long to = window.toMs();
        long recentFrom = to - RECENT_MS;
        long from =
                kind == InsightKind.ROBOT_ANOMALY
                        ? recentFrom - BASELINE_DAYS * Window.DAY_MS
                        : recentFrom;
        Mono<List<HourlyRollup>> hours = hourly(scope, from, to);
        Mono<List<Map<String, Object>>> features =
                queries.rows(
                        scope,
                        """
                        SELECT f.feature, (f.hour_ms >= :recent) AS recent, sum(f.uses) AS uses,
                               sum(f.successes) AS successes, sum(f.failures + f.abandoned) AS friction
                        FROM scoped s JOIN feature_hourly f ON f.robot_id = s.robot_id
                             AND f.hour_ms >= :from AND f.hour_ms < :to AND f.hour_ms >= s.since_ms
                        GROUP BY f.feature, 2 ORDER BY f.feature
                        """,
                        Map.of("from", from, "to", to, "recent", recentFrom));
        Mono<List<Map<String, Object>>> episodes = episodes(scope, recentFrom, to);
        if (kind == InsightKind.ROBOT_ANOMALY) {
            return Mono.zip(hours, features, episodes)
                    .map(t -> withEpisodes(anomaly(t.getT1(), t.getT2(), recentFrom), t.getT3()));
        }
        Mono<List<Map<String, Object>>> robot =
                queries.rows(
                        scope,
                        FleetFacts.robotState(
                                """
                                (SELECT count(*) FROM sessions x WHERE x.robot_id = s.robot_id
                                   AND x.first_ms >= :from AND x.first_ms < :to
                                   AND x.first_ms >= s.since_ms) AS sessions"""),
                        Map.of("from", recentFrom, "to", to));
        return Mono.zip(hours, features, robot, episodes)
                .map(
                        t -> {
                            if (t.getT3().isEmpty()) { // deprovisioned since the caller's check
                                throw new ProblemException(
                                        HttpStatus.NOT_FOUND,
                                        "robot_not_found",
                                        "No robot " + scope.robotId() + " visible to this tenant.");
                            }
                            return withEpisodes(
                                    digest(t.getT1(), t.getT2(), t.getT3().get(0), nowMs),
                                    t.getT4());
                        });
    }

    /**
     * The robot's anomaly episodes (streaming detection) that overlap [from, to) and that the
     * caller may see, newest first.
     */
    private Mono<List<Map<String, Object>>> episodes(Scope scope, long from, long to) {
        return queries.rows(
                        scope,
                        """
                        SELECT a.anomaly_id, a.signal, a.unit, a.severity, a.started_ms, a.ended_ms,
                               a.value, a.baseline, a.score
                        FROM scoped s JOIN anomalies a ON a.robot_id = s.robot_id
                        WHERE a.visible_to @> ARRAY[:tenant]::text[] AND a.started_ms < :to
                          AND coalesce(a.ended_ms, 9223372036854775807) > :from
                        ORDER BY a.started_ms DESC, a.anomaly_id LIMIT :limit
                        """,
                        Map.of("from", from, "to", to, "limit", MAX_EPISODES))
                .map(
                        rows ->
                                rows.stream()
                                        .map(
                                                r -> {
                                                    Map<String, Object> e = new LinkedHashMap<>();
                                                    e.put("anomaly_id", r.get("anomaly_id"));
                                                    e.put("signal", r.get("signal"));
                                                    e.put("unit", r.get("unit"));
                                                    e.put("severity", r.get("severity"));
                                                    e.put(
                                                            "started_at",
                                                            Instant.ofEpochMilli(
                                                                            count(
                                                                                    r.get(
                                                                                            "started_ms")))
                                                                    .toString());
                                                    Object ended = r.get("ended_ms");
                                                    e.put(
                                                            "ended_at",
                                                            ended == null
                                                                    ? null
                                                                    : Instant.ofEpochMilli(
                                                                                    count(ended))
                                                                            .toString());
                                                    e.put(
                                                            "value",
                                                            Facts.round(num(r.get("value"))));
                                                    e.put(
                                                            "baseline",
                                                            Facts.round(num(r.get("baseline"))));
                                                    e.put(
                                                            "score",
                                                            Facts.round(num(r.get("score"))));
                                                    return e;
                                                })
                                        .toList());
    }

    /**
     * The facts with the robot's detected episodes under {@code episodes}: a critical episode makes
     * them critical, a warning one at least a warning.
     */
    private static Facts withEpisodes(Facts facts, List<Map<String, Object>> episodes) {
        Map<String, Object> body = new LinkedHashMap<>(facts.body());
        body.put("episodes", episodes);
        Severity severity = facts.severity();
        for (Map<String, Object> e : episodes) {
            severity =
                    severity.atLeast(
                            Anomaly.CRITICAL.equals(e.get("severity"))
                                    ? Severity.CRITICAL
                                    : Severity.WARNING);
        }
        return new Facts(body, severity);
    }

    private Mono<List<HourlyRollup>> hourly(Scope scope, long from, long to) {
        return queries.rows(
                        scope,
                        """
                        SELECT h.hour_ms, h.metrics::text AS metrics, h.errors::text AS errors,
                               h.feature_uses, h.feature_failures, h.events
                        FROM scoped s JOIN robot_hourly h ON h.robot_id = s.robot_id
                             AND h.hour_ms >= :from AND h.hour_ms < :to AND h.hour_ms >= s.since_ms
                        ORDER BY h.hour_ms
                        """,
                        Map.of("from", from, "to", to))
                .map(rows -> rows.stream().map(this::rollup).toList());
    }

    private HourlyRollup rollup(Map<String, Object> row) {
        Map<String, Stat> metrics = new TreeMap<>();
        json.readTree((String) row.get("metrics"))
                .properties()
                .forEach(
                        e -> {
                            JsonNode v = e.getValue();
                            metrics.put(
                                    e.getKey(),
                                    new Stat(
                                            v.get(0).asLong(),
                                            v.get(1).asDouble(),
                                            v.get(2).asDouble(),
                                            v.get(3).asDouble()));
                        });
        Map<String, ErrorCount> errors = new TreeMap<>();
        json.readTree((String) row.get("errors"))
                .properties()
                .forEach(
                        e ->
                                errors.put(
                                        e.getKey(),
                                        new ErrorCount(
                                                e.getValue().get(0).asInt(),
                                                e.getValue().get(1).asInt())));
        return new HourlyRollup(
                count(row.get("hour_ms")),
                metrics,
                errors,
                (int) count(row.get("feature_uses")),
                (int) count(row.get("feature_failures")),
                (int) count(row.get("events")));
    }

    private static Map<String, Stat> metricTotals(List<HourlyRollup> hours) {
        Map<String, Stat> totals = new TreeMap<>();
        hours.forEach(h -> h.metrics().forEach((name, s) -> totals.merge(name, s, Stat::plus)));
        return totals;
    }

    private static Map<String, ErrorCount> errorTotals(List<HourlyRollup> hours) {
        Map<String, ErrorCount> totals = new TreeMap<>();
        hours.forEach(h -> h.errors().forEach((c, e) -> totals.merge(c, e, ErrorCount::plus)));
        return totals;
    }

    private Facts anomaly(
            List<HourlyRollup> hours, List<Map<String, Object>> features, long recentFrom) {
        List<HourlyRollup> recent = hours.stream().filter(h -> h.hourMs() >= recentFrom).toList();
        // the baseline's days, each a list of hours, oldest first
        List<List<HourlyRollup>> days = new ArrayList<>();
        for (int d = BASELINE_DAYS; d >= 1; d--) {
            long start = recentFrom - d * Window.DAY_MS;
            long end = start + Window.DAY_MS;
            List<HourlyRollup> day =
                    hours.stream().filter(h -> h.hourMs() >= start && h.hourMs() < end).toList();
            if (!day.isEmpty()) {
                days.add(day);
            }
        }
        List<Map<String, Object>> anomalies = new ArrayList<>();
        List<Map<String, Object>> metrics = new ArrayList<>();
        Severity severity = Severity.INFO;
        Map<String, Stat> recentMetrics = metricTotals(recent);
        for (Map.Entry<String, Stat> m : recentMetrics.entrySet()) {
            if (COUNTERS.contains(m.getKey())) {
                continue;
            }
            double[] dailyMeans =
                    days.stream()
                            .map(d -> metricTotals(d).get(m.getKey()))
                            .filter(s -> s != null && s.n() > 0)
                            .mapToDouble(Stat::mean)
                            .toArray();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("signal", m.getKey());
            out.put("recent_mean", Facts.round(m.getValue().mean()));
            out.put("recent_min", Facts.round(m.getValue().min()));
            out.put("recent_max", Facts.round(m.getValue().max()));
            out.put("baseline_days", dailyMeans.length);
            if (dailyMeans.length >= 3) {
                double median = Robust.median(dailyMeans);
                double[] deviations = new double[dailyMeans.length];
                for (int i = 0; i < deviations.length; i++) {
                    deviations[i] = Math.abs(dailyMeans[i] - median);
                }
                double mad = Robust.median(deviations);
                double spread = Math.max(1.4826 * mad, Math.max(0.02 * Math.abs(median), 0.5));
                double score = (m.getValue().mean() - median) / spread;
                out.put("baseline_median", Facts.round(median));
                out.put("baseline_mad", Facts.round(mad));
                out.put("score", Facts.round(score));
                if (Math.abs(score) >= WARNING_SCORE) {
                    Severity s =
                            Math.abs(score) >= CRITICAL_SCORE
                                    ? Severity.CRITICAL
                                    : Severity.WARNING;
                    out.put("severity", s.id());
                    severity = severity.atLeast(s);
                    anomalies.add(out);
                }
            }
            metrics.add(out);
        }
        Map<String, ErrorCount> recentErrors = errorTotals(recent);
        Map<String, ErrorCount> baselineErrors =
                errorTotals(hours.stream().filter(h -> h.hourMs() < recentFrom).toList());
        List<Map<String, Object>> errors = new ArrayList<>();
        for (String component : union(recentErrors.keySet(), baselineErrors.keySet())) {
            ErrorCount now = recentErrors.getOrDefault(component, new ErrorCount(0, 0));
            ErrorCount before = baselineErrors.getOrDefault(component, new ErrorCount(0, 0));
            double perDay = Facts.round(before.total() / (double) BASELINE_DAYS);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("signal", "errors:" + component);
            out.put("component", component);
            out.put("recent_errors", now.total());
            out.put("recent_critical", now.critical());
            out.put("baseline_per_day", perDay);
            errors.add(out);
            if (now.total() >= 3 && now.total() >= 3 * Math.max(perDay, 1) || now.critical() > 0) {
                Severity s =
                        now.critical() > 0 || now.total() >= 6 * Math.max(perDay, 1)
                                ? Severity.CRITICAL
                                : Severity.WARNING;
                out.put("severity", s.id());
                severity = severity.atLeast(s);
                anomalies.add(out);
            }
        }
        List<Map<String, Object>> usage = new ArrayList<>();
        Map<String, long[]> byFeature = new TreeMap<>();
        for (Map<String, Object> f : features) {
            long[] v = byFeature.computeIfAbsent((String) f.get("feature"), k -> new long[4]);
            int o = Boolean.TRUE.equals(f.get("recent")) ? 0 : 2;
            v[o] += count(f.get("uses"));
            v[o + 1] += count(f.get("friction"));
        }
        for (Map.Entry<String, long[]> f : byFeature.entrySet()) {
            long[] v = f.getValue();
            Double now = percent(v[1], v[0]);
            Double before = percent(v[3], v[2]);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("signal", "feature_failures:" + f.getKey());
            out.put("feature", f.getKey());
            out.put("recent_uses", v[0]);
            out.put("recent_failure_rate_pct", now);
            out.put("baseline_uses", v[2]);
            out.put("baseline_failure_rate_pct", before);
            usage.add(out);
            if (now != null && v[0] >= 10 && now - (before == null ? 0 : before) >= 15) {
                Severity s =
                        now - (before == null ? 0 : before) >= 30
                                ? Severity.CRITICAL
                                : Severity.WARNING;
                out.put("severity", s.id());
                severity = severity.atLeast(s);
                anomalies.add(out);
            }
        }
        anomalies.sort(
                Comparator.comparing(
                        (Map<String, Object> a) -> "critical".equals(a.get("severity")) ? 0 : 1));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("recent_hours", 24);
        body.put("recent_from", Instant.ofEpochMilli(recentFrom).toString());
        body.put("baseline_days", days.size());
        body.put("anomalies", anomalies);
        body.put("telemetry", metrics);
        body.put("errors", errors);
        body.put("features", usage);
        body.put("active_hours_recent", recent.size());
        return new Facts(body, severity);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * critical: the robot is at high risk or had a critical error; warning: medium risk, 3 errors
     * or more, or a success rate under 85 % over at least 10 uses; info otherwise.
     */
    private static Facts digest(
            List<HourlyRollup> hours,
            List<Map<String, Object>> features,
            Map<String, Object> robot,
            long nowMs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("period_hours", 24);
        Map<String, Object> presence = new LinkedHashMap<>();
        Object seen = robot.get("last_seen_ms");
        presence.put("online", FleetFacts.online(robot, nowMs));
        presence.put(
                "last_seen", seen == null ? null : Instant.ofEpochMilli(count(seen)).toString());
        presence.put("active_hours", hours.size());
        presence.put("events", hours.stream().mapToLong(HourlyRollup::events).sum());
        body.put(
                "robot",
                Map.of(
                        "site",
                        String.valueOf(robot.get("site")),
                        "environment",
                        String.valueOf(robot.get("environment"))));
        body.put("presence", presence);
        long uses = 0;
        long successes = 0;
        List<Map<String, Object>> perFeature = new ArrayList<>();
        for (Map<String, Object> f : features) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("feature", f.get("feature"));
            m.put("uses", count(f.get("uses")));
            m.put("success_rate_pct", percent(count(f.get("successes")), count(f.get("uses"))));
            perFeature.add(m);
            uses += count(f.get("uses"));
            successes += count(f.get("successes"));
        }
        perFeature.sort(Comparator.comparingLong((Map<String, Object> m) -> -count(m.get("uses"))));
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("sessions", count(robot.get("sessions")));
        usage.put("feature_uses", uses);
        Double success = percent(successes, uses);
        usage.put("success_rate_pct", success);
        usage.put("features", perFeature);
        body.put("usage", usage);
        Map<String, ErrorCount> errors = errorTotals(hours);
        List<Map<String, Object>> perComponent = new ArrayList<>();
        errors.forEach(
                (component, e) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("component", component);
                    m.put("errors", e.total());
                    m.put("critical", e.critical());
                    perComponent.add(m);
                });
        int errorCount = errors.values().stream().mapToInt(ErrorCount::total).sum();
        int critical = errors.values().stream().mapToInt(ErrorCount::critical).sum();
        body.put(
                "errors",
                Map.of("total", errorCount, "critical", critical, "by_component", perComponent));
        Map<String, Object> telemetry = new LinkedHashMap<>();
        metricTotals(hours)
                .forEach(
                        (name, s) -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("min", Facts.round(s.min()));
                            m.put("mean", Facts.round(s.mean()));
                            m.put("max", Facts.round(s.max()));
                            telemetry.put(name, m);
                        });
        body.put("telemetry", telemetry);
        Map<String, Object> health = new LinkedHashMap<>();
        if (robot.get("health_score") != null) {
            health.put("health_score", count(robot.get("health_score")));
            health.put("risk_level", robot.get("risk_level"));
            health.put("predicted_failure", robot.get("predicted_failure"));
            health.put("probability_pct", Facts.round(100 * num(robot.get("probability"))));
        }
        body.put("health", health);
        Severity severity = Severity.INFO;
        if ("high".equals(robot.get("risk_level")) || critical > 0) {
            severity = Severity.CRITICAL;
        } else if ("medium".equals(robot.get("risk_level"))
                || errorCount >= 3
                || uses >= 10 && success != null && success < 85) {
            severity = Severity.WARNING;
        }
        return new Facts(body, severity);
    }
}
