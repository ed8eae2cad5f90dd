package io.robovis.insight.facts;

import static io.robovis.insight.facts.Facts.change;
import static io.robovis.insight.facts.Facts.count;
import static io.robovis.insight.facts.Facts.num;
import static io.robovis.insight.facts.Facts.percent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * feature_adoption_report, friction_emerging_usage and cross_environment_comparison: how features
 * are used and how well they work, in the window against the period before it, and per environment
 * and site.
 */
@Component
class UsageFacts implements FactsCalculator {

    /** A feature needs this many uses in a period before its rates or growth count as a claim. */
    static final int MIN_USES = 20;

    static final int TOP_SITES = 20;

    /** A robot's feature needs this many uses in the window to be a hotspot. */
    static final int HOTSPOT_MIN_USES = 10;

    static final int TOP_HOTSPOTS = 5;

    /**
     * How far a robot's friction rate must stand above the fleet's for the feature, in standard
     * errors of a binomial rate over its uses: a handful of uses makes no hotspot.
     */
    static final double HOTSPOT_MIN_Z = 2.5;

    /** (rate − fleet rate) / sqrt(fleet rate · (1 − fleet rate) / uses). */
    static double significance(double rate, double fleetRate, long uses) {
        double p0 = Math.min(Math.max(fleetRate, 0.01), 0.99);
        return (rate - p0) / Math.sqrt(p0 * (1 - p0) / uses);
    }

    private final Queries queries;

    UsageFacts(Queries queries) {
        this.queries = queries;
    }

    @Override
    public Set<InsightKind> kinds() {
        return EnumSet.of(
                InsightKind.FEATURE_ADOPTION_REPORT,
                InsightKind.FRICTION_EMERGING_USAGE,
                InsightKind.CROSS_ENVIRONMENT_COMPARISON);
    }

    @Override
    public Mono<Facts> compute(InsightKind kind, Scope scope, Window window, long nowMs) {
        return switch (kind) {
            case FEATURE_ADOPTION_REPORT ->
                    robotFeatures(scope, window)
                            .zipWith(robotCount(scope))
                            .map(t -> adoption(features(t.getT1()), t.getT2()));
            case FRICTION_EMERGING_USAGE ->
                    robotFeatures(scope, window).map(rows -> friction(features(rows), rows));
            default ->
                    Mono.zip(
                                    fleetByPlace(scope),
                                    usageByPlace(scope, window),
                                    errorsByPlace(scope, window))
                            .map(t -> environments(t.getT1(), t.getT2(), t.getT3(), window));
        };
    }

    /** One feature's use in the window (now) and in the period before (before). */
    record FeatureUse(
            String feature,
            long robots,
            long uses,
            long successes,
            long failures,
            long abandoned,
            double durationMs,
            long timed,
            long robotsBefore,
            long usesBefore,
            long frictionBefore) {

        long friction() {
            return failures + abandoned;
        }
    }

    /** Each feature's use over all robots, most used first. */
    private static List<FeatureUse> features(List<Map<String, Object>> perRobot) {
        Map<String, long[]> sums = new TreeMap<>();
        Map<String, Double> durations = new TreeMap<>();
        for (Map<String, Object> r : perRobot) {
            long[] v = sums.computeIfAbsent((String) r.get("feature"), k -> new long[10]);
            v[0] += count(r.get("uses")) > 0 ? 1 : 0;
            v[1] += count(r.get("uses"));
            v[2] += count(r.get("successes"));
            v[3] += count(r.get("failures"));
            v[4] += count(r.get("abandoned"));
            v[5] += count(r.get("timed"));
            v[6] += count(r.get("uses_before")) > 0 ? 1 : 0;
            v[7] += count(r.get("uses_before"));
            v[8] += count(r.get("friction_before"));
            durations.merge((String) r.get("feature"), num(r.get("duration_ms")), Double::sum);
        }
        List<FeatureUse> out = new ArrayList<>();
        sums.forEach(
                (feature, v) ->
                        out.add(
                                new FeatureUse(
                                        feature,
                                        v[0],
                                        v[1],
                                        v[2],
                                        v[3],
                                        v[4],
                                        durations.get(feature),
                                        v[5],
                                        v[6],
                                        v[7],
                                        v[8])));
        out.sort(
                Comparator.comparingLong(FeatureUse::uses)
                        .reversed()
                        .thenComparing(FeatureUse::feature));
        return out;
    }

    /** Use per robot and feature in the window and the period before it. */
    private Mono<List<Map<String, Object>>> robotFeatures(Scope scope, Window window) {
        return queries.rows(
                scope,
                Queries.featureUses()
                        + """
                        , per AS (
                          SELECT robot_id, feature,
                                 coalesce(sum(uses) FILTER (WHERE t >= :from), 0) AS uses,
                                 coalesce(sum(successes) FILTER (WHERE t >= :from), 0) AS successes,
                                 coalesce(sum(failures) FILTER (WHERE t >= :from), 0) AS failures,
                                 coalesce(sum(abandoned) FILTER (WHERE t >= :from), 0) AS abandoned,
                                 coalesce(sum(duration_ms) FILTER (WHERE t >= :from), 0)::float8 AS duration_ms,
                                 coalesce(sum(timed) FILTER (WHERE t >= :from), 0) AS timed,
                                 coalesce(sum(uses) FILTER (WHERE t < :from), 0) AS uses_before,
                                 coalesce(sum(failures + abandoned) FILTER (WHERE t < :from), 0) AS friction_before
                          FROM fu GROUP BY robot_id, feature)
                        SELECT per.*, s.client_id, s.site FROM per JOIN scoped s ON s.robot_id = per.robot_id
                        """,
                Queries.buckets(window, true));
    }

    private Mono<Long> robotCount(Scope scope) {
        return queries.rows(scope, "SELECT count(*) AS n FROM scoped", Map.of())
                .map(rows -> count(rows.get(0).get("n")));
    }

    private static Facts adoption(List<FeatureUse> features, long robots) {
        List<Map<String, Object>> out = new ArrayList<>();
        Severity severity = Severity.INFO;
        for (FeatureUse f : features) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("feature", f.feature());
            m.put("robots_using", f.robots());
            m.put("adoption_pct", percent(f.robots(), robots));
            m.put("uses", f.uses());
            Double success = percent(f.successes(), f.uses());
            m.put("success_rate_pct", success);
            m.put(
                    "average_duration_s",
                    f.timed() == 0 ? null : Facts.round(f.durationMs() / f.timed() / 1000));
            m.put("uses_previous_period", f.usesBefore());
            m.put("robots_using_previous_period", f.robotsBefore());
            Double change = change(f.uses(), f.usesBefore());
            m.put("uses_change_pct", change);
            out.add(m);
            if (f.uses() >= MIN_USES && success != null && success < 60) {
                severity = severity.atLeast(Severity.CRITICAL);
            } else if (f.uses() >= MIN_USES && success != null && success < 85
                    || f.usesBefore() >= MIN_USES && change != null && change <= -30) {
                severity = severity.atLeast(Severity.WARNING);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("robots", robots);
        body.put("features", out);
        body.put("total_uses", features.stream().mapToLong(FeatureUse::uses).sum());
        body.put(
                "total_uses_previous_period",
                features.stream().mapToLong(FeatureUse::usesBefore).sum());
        return new Facts(body, severity);
    }

    /**
     * Rising friction: a feature's failure + abandon rate up by at least 5 points with at least
     * {@value #MIN_USES} uses in both periods; emerging usage: uses up by at least 50 % with at
     * least {@value #MIN_USES} uses now. Fleet rates hide one robot's trouble, so per robot and
     * feature (at least {@value #HOTSPOT_MIN_USES} uses now): a friction hotspot has a rate of 20 %
     * or more, up 10 points or more, and stands out from the fleet's rate for the feature ({@link
     * #significance} at least {@value #HOTSPOT_MIN_Z}); an emerging hotspot at least doubled to 40
     * uses or more. Severity: critical for a fleet feature at 30 % or more and up 10 points, or a
     * hotspot at 40 % or more; warning for any other rising feature or hotspot.
     */
    private static Facts friction(List<FeatureUse> features, List<Map<String, Object>> perRobot) {
        List<Map<String, Object>> all = new ArrayList<>();
        List<Map<String, Object>> rising = new ArrayList<>();
        List<Map<String, Object>> emerging = new ArrayList<>();
        Severity severity = Severity.INFO;
        for (FeatureUse f : features) {
            Double now = percent(f.friction(), f.uses());
            Double before = percent(f.frictionBefore(), f.usesBefore());
            Double delta = now == null || before == null ? null : Facts.round(now - before);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("feature", f.feature());
            m.put("uses", f.uses());
            m.put("failures", f.failures());
            m.put("abandoned", f.abandoned());
            m.put("friction_rate_pct", now);
            m.put("uses_previous_period", f.usesBefore());
            m.put("friction_rate_previous_pct", before);
            m.put("friction_change_points", delta);
            Double growth = change(f.uses(), f.usesBefore());
            m.put("uses_change_pct", growth);
            all.add(m);
            if (delta != null && delta >= 5 && f.uses() >= MIN_USES && f.usesBefore() >= MIN_USES) {
                rising.add(m);
                severity =
                        severity.atLeast(
                                now >= 30 && delta >= 10 ? Severity.CRITICAL : Severity.WARNING);
            }
            if (f.uses() >= MIN_USES && (f.usesBefore() == 0 || growth != null && growth >= 50)) {
                emerging.add(m);
            }
        }
        rising.sort(
                Comparator.comparingDouble(
                        (Map<String, Object> m) -> -num(m.get("friction_change_points"))));
        emerging.sort(
                Comparator.comparingDouble(
                        (Map<String, Object> m) ->
                                m.get("uses_change_pct") == null
                                        ? Double.NEGATIVE_INFINITY
                                        : -num(m.get("uses_change_pct"))));
        List<Map<String, Object>> frictionSpots = new ArrayList<>();
        List<Map<String, Object>> usageSpots = new ArrayList<>();
        Map<String, Double> fleetRate = new TreeMap<>();
        for (FeatureUse f : features) {
            if (f.uses() > 0) {
                fleetRate.put(f.feature(), f.friction() / (double) f.uses());
            }
        }
        for (Map<String, Object> r : perRobot) {
            long uses = count(r.get("uses"));
            if (uses < HOTSPOT_MIN_USES) {
                continue;
            }
            long usesBefore = count(r.get("uses_before"));
            double now = percent(count(r.get("failures")) + count(r.get("abandoned")), uses);
            Double before = percent(count(r.get("friction_before")), usesBefore);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("robot_id", r.get("robot_id"));
            m.put("client_id", r.get("client_id"));
            m.put("site", r.get("site"));
            m.put("feature", r.get("feature"));
            m.put("uses", uses);
            m.put("friction_rate_pct", now);
            m.put("uses_previous_period", usesBefore);
            m.put("friction_rate_previous_pct", before);
            double delta = Facts.round(now - (before == null ? 0 : before));
            m.put("friction_change_points", delta);
            double z =
                    significance(
                            now / 100,
                            fleetRate.getOrDefault((String) r.get("feature"), 0.0),
                            uses);
            m.put(
                    "fleet_friction_rate_pct",
                    Facts.round(100 * fleetRate.getOrDefault((String) r.get("feature"), 0.0)));
            m.put("z_score", Facts.round(z));
            if (now >= 20 && delta >= 10 && z >= HOTSPOT_MIN_Z) {
                frictionSpots.add(m);
                severity = severity.atLeast(now >= 40 ? Severity.CRITICAL : Severity.WARNING);
            }
            if (uses >= 2 * MIN_USES && uses >= 2 * usesBefore) {
                m.put("uses_change_pct", change(uses, usesBefore));
                usageSpots.add(m);
            }
        }
        frictionSpots.sort(
                Comparator.comparingDouble((Map<String, Object> m) -> -num(m.get("z_score"))));
        usageSpots.sort(
                Comparator.comparingLong(
                        (Map<String, Object> m) ->
                                -(count(m.get("uses")) - count(m.get("uses_previous_period")))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("rising_friction", rising.stream().map(m -> m.get("feature")).toList());
        body.put("emerging_usage", emerging.stream().map(m -> m.get("feature")).toList());
        body.put("features", all);
        body.put(
                "friction_hotspots",
                frictionSpots.subList(0, Math.min(TOP_HOTSPOTS, frictionSpots.size())));
        body.put(
                "emerging_hotspots",
                usageSpots.subList(0, Math.min(TOP_HOTSPOTS, usageSpots.size())));
        return new Facts(body, severity);
    }

    private Mono<List<Map<String, Object>>> fleetByPlace(Scope scope) {
        return queries.rows(
                scope,
                """
                SELECT s.environment, s.site, count(*) AS robots,
                       count(h.robot_id) AS scored, coalesce(sum(h.health_score), 0) AS score_sum,
                       count(*) FILTER (WHERE h.risk_level = 'high') AS high_risk
                FROM scoped s LEFT JOIN robot_health h ON h.robot_id = s.robot_id
                GROUP BY s.environment, s.site
                """,
                Map.of());
    }

    private Mono<List<Map<String, Object>>> usageByPlace(Scope scope, Window window) {
        return queries.rows(
                scope,
                Queries.featureUses()
                        + """
                        SELECT s.environment, s.site, count(DISTINCT fu.robot_id) AS active,
                               sum(fu.uses) AS uses, sum(fu.successes) AS successes,
                               sum(fu.failures + fu.abandoned) AS friction
                        FROM fu JOIN scoped s ON s.robot_id = fu.robot_id
                        GROUP BY s.environment, s.site
                        """,
                Queries.buckets(window, false));
    }

    private Mono<List<Map<String, Object>>> errorsByPlace(Scope scope, Window window) {
        return queries.rows(
                scope,
                Queries.errors()
                        + """
                        SELECT s.environment, s.site, sum(er.total) AS errors,
                               sum(er.critical) AS critical
                        FROM er JOIN scoped s ON s.robot_id = er.robot_id
                        GROUP BY s.environment, s.site
                        """,
                Queries.buckets(window, false));
    }

    /** Sums of one environment or site. */
    private static final class Place {
        long robots;
        long scored;
        double scoreSum;
        long highRisk;
        long active;
        long uses;
        long successes;
        long friction;
        long errors;
        long critical;

        void add(Map<String, Object> row) {
            robots += count(row.get("robots"));
            scored += count(row.get("scored"));
            scoreSum += num(row.get("score_sum"));
            highRisk += count(row.get("high_risk"));
            active += count(row.get("active"));
            uses += count(row.get("uses"));
            successes += count(row.get("successes"));
            friction += count(row.get("friction"));
            errors += count(row.get("errors"));
            critical += count(row.get("critical"));
        }

        Map<String, Object> describe(String key, String name, double days) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(key, name);
            m.put("robots", robots);
            m.put("active_robots", active);
            m.put("uses", uses);
            m.put("uses_per_robot_day", robots == 0 ? null : Facts.round(uses / (robots * days)));
            m.put("success_rate_pct", percent(successes, uses));
            m.put("friction_rate_pct", percent(friction, uses));
            m.put("errors", errors);
            m.put("critical_errors", critical);
            m.put(
                    "errors_per_robot_day",
                    robots == 0 ? null : Facts.round(errors / (robots * days)));
            m.put("average_health_score", scored == 0 ? null : Facts.round(scoreSum / scored));
            m.put("high_risk_robots", highRisk);
            return m;
        }
    }

    private static String placeKey(Map<String, Object> row, boolean site) {
        Object value = row.get(site ? "site" : "environment");
        return value == null ? "unknown" : value.toString();
    }

    /**
     * warning: an environment with at least {@value #MIN_USES} uses whose success rate is 10 points
     * or more below the fleet's; critical: 20 points or more.
     */
    private static Facts environments(
            List<Map<String, Object>> fleet,
            List<Map<String, Object>> usage,
            List<Map<String, Object>> errors,
            Window window) {
        Map<String, Place> environments = new TreeMap<>();
        Map<String, Place> sites = new TreeMap<>();
        Map<String, String> siteEnvironment = new TreeMap<>();
        Place all = new Place();
        for (List<Map<String, Object>> rows : List.of(fleet, usage, errors)) {
            for (Map<String, Object> row : rows) {
                environments.computeIfAbsent(placeKey(row, false), k -> new Place()).add(row);
                sites.computeIfAbsent(placeKey(row, true), k -> new Place()).add(row);
                siteEnvironment.putIfAbsent(placeKey(row, true), placeKey(row, false));
                all.add(row);
            }
        }
        double days = Math.max(window.days(), 1.0 / 24);
        Double fleetSuccess = percent(all.successes, all.uses);
        Severity severity = Severity.INFO;
        List<Map<String, Object>> byEnvironment = new ArrayList<>();
        for (Map.Entry<String, Place> e : environments.entrySet()) {
            Map<String, Object> m = e.getValue().describe("environment", e.getKey(), days);
            Double success = percent(e.getValue().successes, e.getValue().uses);
            Double gap =
                    success == null || fleetSuccess == null
                            ? null
                            : Facts.round(success - fleetSuccess);
            m.put("success_rate_vs_fleet_points", gap);
            if (gap != null && e.getValue().uses >= MIN_USES && environments.size() > 1) {
                if (gap <= -20) {
                    severity = severity.atLeast(Severity.CRITICAL);
                } else if (gap <= -10) {
                    severity = severity.atLeast(Severity.WARNING);
                }
            }
            byEnvironment.add(m);
        }
        List<Map<String, Object>> bySite =
                sites.entrySet().stream()
                        .sorted(
                                Comparator.comparingLong(
                                                (Map.Entry<String, Place> e) ->
                                                        -e.getValue().robots)
                                        .thenComparing(Map.Entry::getKey))
                        .limit(TOP_SITES)
                        .map(
                                e -> {
                                    Map<String, Object> m =
                                            e.getValue().describe("site", e.getKey(), days);
                                    m.put("environment", siteEnvironment.get(e.getKey()));
                                    return m;
                                })
                        .toList();
        List<Map<String, Object>> ranked =
                byEnvironment.stream()
                        .filter(m -> m.get("success_rate_pct") != null)
                        .sorted(Comparator.comparingDouble(m -> -num(m.get("success_rate_pct"))))
                        .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("fleet", all.describe("scope", "all", days));
        body.put("environments", byEnvironment);
        body.put("best_environment", ranked.isEmpty() ? null : ranked.get(0).get("environment"));
        body.put(
                "worst_environment",
                ranked.size() < 2 ? null : ranked.get(ranked.size() - 1).get("environment"));
        body.put("sites", bySite);
        body.put("sites_total", sites.size());
        return new Facts(body, severity);
    }
}
