package io.robovis.insight.facts;

import static io.robovis.insight.facts.Facts.count;
import static io.robovis.insight.facts.Facts.num;
import static io.robovis.insight.facts.Facts.percent;

import java.time.Instant;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * fleet_health (who is online, the health distribution, the worst robots, the components that fail
 * most) and predictive_maintenance (robots ranked by failure risk with their drivers), from the
 * robots in scope, their last activity, the health robot-service publishes and the error rollups.
 */
@Component
class FleetFacts implements FactsCalculator {

    static final int TOP = 5;
    static final int RANKED = 10;
    static final int DEFAULT_OFFLINE_AFTER_S = 300;

    private final Queries queries;
    private final JsonMapper json;

    FleetFacts(Queries queries, JsonMapper json) {
        this.queries = queries;
        this.json = json;
    }

    @Override
    public Set<InsightKind> kinds() {
        return EnumSet.of(InsightKind.FLEET_HEALTH, InsightKind.PREDICTIVE_MAINTENANCE);
    }

    @Override
    public Mono<Facts> compute(InsightKind kind, Scope scope, Window window, long nowMs) {
        return kind == InsightKind.FLEET_HEALTH
                ? robots(scope, kind)
                        .zipWith(components(scope, window))
                        .map(t -> fleetHealth(scope, t.getT1(), t.getT2(), nowMs))
                : robots(scope, kind).map(robots -> maintenance(robots, nowMs));
    }

    /**
     * Each robot in scope with its current state: when it was last heard of, its offline timeout
     * (robot's, else its client's, else {@value #DEFAULT_OFFLINE_AFTER_S} s) and its health; {@code
     * extra} adds columns (of {@code scoped s}, {@code robot_health h}).
     */
    static String robotState(String extra) {
        return """
                SELECT s.robot_id, s.client_id, s.site, s.environment, a.last_seen_ms,
                       coalesce(s.offline_after_s, t.offline_after_s, %d) AS offline_after_s,
                       h.health_score, h.risk_level, h.predicted_failure, h.probability%s
                FROM scoped s
                LEFT JOIN robot_activity a ON a.robot_id = s.robot_id
                LEFT JOIN robot_health h ON h.robot_id = s.robot_id
                LEFT JOIN tenants t ON t.tenant_id = s.client_id
                """
                .formatted(DEFAULT_OFFLINE_AFTER_S, extra.isEmpty() ? "" : ", " + extra);
    }

    private Mono<List<Map<String, Object>>> robots(Scope scope, InsightKind kind) {
        return queries.rows(
                scope,
                robotState(
                                kind == InsightKind.PREDICTIVE_MAINTENANCE
                                        ? "h.record::text AS record"
                                        : "")
                        + "ORDER BY s.robot_id",
                Map.of());
    }

    /** Errors per component in the window and the one before (daily and hourly buckets). */
    private Mono<List<Map<String, Object>>> components(Scope scope, Window window) {
        return queries.rows(
                scope,
                Queries.errors()
                        + """
                        SELECT component,
                               coalesce(sum(total) FILTER (WHERE t >= :from), 0) AS errors,
                               coalesce(sum(critical) FILTER (WHERE t >= :from), 0) AS critical,
                               count(DISTINCT robot_id) FILTER (WHERE t >= :from) AS robots,
                               coalesce(sum(total) FILTER (WHERE t < :from), 0) AS errors_before
                        FROM er
                        GROUP BY component
                        ORDER BY errors DESC, component
                        """,
                Queries.buckets(window, true));
    }

    /** Heard of within its offline timeout (robot's, else its client's, else 300 s). */
    static boolean online(Map<String, Object> robot, long nowMs) {
        Object seen = robot.get("last_seen_ms");
        return seen != null && nowMs - count(seen) <= count(robot.get("offline_after_s")) * 1000;
    }

    private Facts fleetHealth(
            Scope scope,
            List<Map<String, Object>> robots,
            List<Map<String, Object>> components,
            long nowMs) {
        Tally fleet = new Tally();
        Map<String, Integer> risks = riskLevels();
        Map<String, Tally> byClient = new TreeMap<>();
        for (Map<String, Object> r : robots) {
            boolean isOnline = online(r, nowMs);
            fleet.add(r, isOnline);
            byClient.computeIfAbsent((String) r.get("client_id"), id -> new Tally())
                    .add(r, isOnline);
            if (r.get("health_score") != null) {
                risks.merge((String) r.get("risk_level"), 1, Integer::sum);
            }
        }
        int total = fleet.robots;
        int online = fleet.online;
        int scored = fleet.scored;
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> presence = new LinkedHashMap<>();
        presence.put("robots", total);
        presence.put("online", online);
        presence.put("offline", total - online);
        presence.put("online_pct", percent(online, total));
        body.put("robots", presence);
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("scored_robots", scored);
        health.put("average_score", fleet.averageScore());
        health.put("risk_levels", risks);
        body.put("health", health);
        body.put(
                "worst_robots",
                robots.stream()
                        .filter(r -> r.get("health_score") != null)
                        .sorted(
                                Comparator.comparingDouble(
                                                (Map<String, Object> r) ->
                                                        num(r.get("health_score")))
                                        .thenComparing(r -> (String) r.get("robot_id")))
                        .limit(TOP)
                        .map(r -> robotSummary(r, nowMs))
                        .toList());
        List<Map<String, Object>> failing = new ArrayList<>();
        for (Map<String, Object> c : components) {
            if (count(c.get("errors")) == 0) {
                continue;
            }
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("component", c.get("component"));
            f.put("errors", count(c.get("errors")));
            f.put("critical", count(c.get("critical")));
            f.put("robots", count(c.get("robots")));
            f.put("errors_previous_period", count(c.get("errors_before")));
            f.put("change_pct", Facts.change(num(c.get("errors")), num(c.get("errors_before"))));
            failing.add(f);
            if (failing.size() == TOP) {
                break;
            }
        }
        body.put("top_failing_components", failing);
        if (scope.constructor() && scope.robotId() == null) {
            body.put(
                    "by_client",
                    byClient.entrySet().stream()
                            .map(
                                    c -> {
                                        Map<String, Object> out = new LinkedHashMap<>();
                                        out.put("client_id", c.getKey());
                                        out.put("robots", c.getValue().robots);
                                        out.put("online", c.getValue().online);
                                        out.put("high_risk", c.getValue().highRisk);
                                        out.put("average_score", c.getValue().averageScore());
                                        return out;
                                    })
                            .toList());
        }
        return new Facts(body, fleetSeverity(total, total - online, scored, risks, failing));
    }

    /**
     * Robots, online, scored and high-risk robots, and the sum of scores, of a fleet or a client.
     */
    private static final class Tally {
        int robots;
        int online;
        int scored;
        int highRisk;
        double scoreSum;

        void add(Map<String, Object> robot, boolean isOnline) {
            robots++;
            online += isOnline ? 1 : 0;
            if (robot.get("health_score") != null) {
                scored++;
                scoreSum += num(robot.get("health_score"));
                highRisk += "high".equals(robot.get("risk_level")) ? 1 : 0;
            }
        }

        Double averageScore() {
            return scored == 0 ? null : Facts.round(scoreSum / scored);
        }
    }

    /** Robots per risk level, every level present. */
    private static Map<String, Integer> riskLevels() {
        Map<String, Integer> risks = new LinkedHashMap<>();
        risks.put("low", 0);
        risks.put("medium", 0);
        risks.put("high", 0);
        return risks;
    }

    /**
     * critical: at least 10 % of the scored robots at high risk, or at least 25 % of the robots
     * offline; warning: any robot at high risk, at least 10 % offline, or any critical error in the
     * window; info otherwise.
     */
    static Severity fleetSeverity(
            int total,
            int offline,
            int scored,
            Map<String, Integer> risks,
            List<Map<String, Object>> failing) {
        int high = risks.getOrDefault("high", 0);
        if (scored > 0 && high * 10 >= scored && high > 0 || total > 0 && offline * 4 >= total) {
            return Severity.CRITICAL;
        }
        boolean criticalErrors = failing.stream().anyMatch(f -> count(f.get("critical")) > 0);
        if (high > 0 || total > 0 && offline * 10 >= total && offline > 0 || criticalErrors) {
            return Severity.WARNING;
        }
        return Severity.INFO;
    }

    private static Map<String, Object> robotSummary(Map<String, Object> r, long nowMs) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("robot_id", r.get("robot_id"));
        out.put("client_id", r.get("client_id"));
        out.put("site", r.get("site"));
        out.put("health_score", count(r.get("health_score")));
        out.put("risk_level", r.get("risk_level"));
        out.put("predicted_failure", r.get("predicted_failure"));
        out.put("probability_pct", Facts.round(100 * num(r.get("probability"))));
        out.put("online", online(r, nowMs));
        return out;
    }

    private Facts maintenance(List<Map<String, Object>> robots, long nowMs) {
        Map<String, Integer> risks = riskLevels();
        Map<String, Integer> components = new TreeMap<>();
        List<Map<String, Object>> scored = new ArrayList<>();
        for (Map<String, Object> r : robots) {
            if (r.get("health_score") == null) {
                continue;
            }
            scored.add(r);
            risks.merge((String) r.get("risk_level"), 1, Integer::sum);
            if (!"low".equals(r.get("risk_level")) && !"none".equals(r.get("predicted_failure"))) {
                components.merge((String) r.get("predicted_failure"), 1, Integer::sum);
            }
        }
        scored.sort(
                Comparator.comparingDouble((Map<String, Object> r) -> -num(r.get("probability")))
                        .thenComparingDouble(r -> num(r.get("health_score")))
                        .thenComparing(r -> (String) r.get("robot_id")));
        List<Map<String, Object>> ranked = new ArrayList<>();
        for (Map<String, Object> r : scored.subList(0, Math.min(RANKED, scored.size()))) {
            if (num(r.get("probability")) <= 0) {
                break;
            }
            Map<String, Object> out = robotSummary(r, nowMs);
            JsonNode record =
                    r.get("record") == null ? null : json.readTree((String) r.get("record"));
            JsonNode top = record == null ? null : record.path("components").path(0);
            if (top != null && !top.isMissingNode()) {
                out.put(
                        "expected_at",
                        top.path("expected_at_ms").isNumber()
                                ? Instant.ofEpochMilli(top.get("expected_at_ms").asLong())
                                        .toString()
                                : null);
                out.put("horizon_days", record.path("horizon_days").asInt(14));
                List<Map<String, Object>> drivers = new ArrayList<>();
                for (JsonNode e : top.path("evidence")) {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("metric", e.path("metric").asString(""));
                    d.put(
                            "value",
                            e.path("value").isNumber()
                                    ? Facts.round(e.get("value").asDouble())
                                    : null);
                    d.put(
                            "trend_per_day",
                            e.path("trend_per_day").isNumber()
                                    ? Facts.round(e.get("trend_per_day").asDouble())
                                    : null);
                    d.put(
                            "threshold",
                            e.path("threshold").isNumber()
                                    ? Facts.round(e.get("threshold").asDouble())
                                    : null);
                    drivers.add(d);
                }
                out.put("drivers", drivers);
            }
            ranked.add(out);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("robots", robots.size());
        body.put("scored_robots", scored.size());
        body.put("risk_levels", risks);
        body.put("components_at_risk", components);
        body.put("ranked_robots", ranked);
        Severity severity =
                risks.get("high") > 0
                        ? Severity.CRITICAL
                        : risks.get("medium") > 0 ? Severity.WARNING : Severity.INFO;
        return new Facts(body, severity);
    }
}
