package io.robovis.robot.health;

import io.r2dbc.spi.Readable;
import io.robovis.common.security.RobovisPrincipal;
import io.robovis.robot.robot.RobotRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads robot_health for a caller: every query is limited to the caller's robots. */
@Repository
class HealthRepository {

    /** Components below this probability are not predictions, only sub-scores. */
    static final double PREDICTION_FLOOR = 0.05;

    private final DatabaseClient db;
    private final JsonMapper json;

    HealthRepository(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /** Worst first: lowest health score, then highest probability. */
    Flux<Map<String, Object>> fleetHealth(RobovisPrincipal caller, HealthQuery q) {
        return select(caller, q, "ORDER BY h.health_score, h.probability DESC, h.robot_id")
                .map(this::fleetRow)
                .all();
    }

    /** One row per robot and component likely enough to fail, most likely first. */
    Flux<Map<String, Object>> predictions(RobovisPrincipal caller, HealthQuery q) {
        double floor = Math.max(PREDICTION_FLOOR, q.minProbability());
        return select(
                        caller,
                        new HealthQuery(
                                q.clientId(),
                                q.site(),
                                q.riskLevel(),
                                q.robotId(),
                                floor,
                                q.limit()),
                        "ORDER BY h.probability DESC, h.robot_id")
                .map(row -> predictionRows(row, floor))
                .all()
                .flatMapIterable(rows -> rows)
                .sort(
                        (a, b) ->
                                Double.compare(
                                        (Double) b.get("probability"),
                                        (Double) a.get("probability")))
                .take(q.limit());
    }

    private GenericExecuteSpec select(RobovisPrincipal caller, HealthQuery q, String order) {
        String scope =
                RobotRepository.scope(caller)
                        .replace("constructor_id", "h.constructor_id")
                        .replace("client_id", "h.client_id");
        StringBuilder sql =
                new StringBuilder(
                                """
                        SELECT h.robot_id, h.client_id, h.site, h.health_score, h.risk_level,
                               h.predicted_failure, h.probability, h.confidence, h.components::text AS components,
                               h.computed_at_ms, h.high_since_ms, r.online, r.last_seen_ms
                        FROM robot_health h JOIN robots r USING (robot_id)
                        WHERE r.deprovisioned_at IS NULL AND\s""")
                        .append(scope);
        if (q.clientId() != null) {
            sql.append(" AND h.client_id = :client");
        }
        if (q.site() != null) {
            sql.append(" AND h.site = :site");
        }
        if (q.riskLevel() != null) {
            sql.append(" AND h.risk_level = :risk");
        }
        if (q.robotId() != null) {
            sql.append(" AND h.robot_id = :robot");
        }
        if (q.minProbability() > 0) {
            sql.append(" AND h.components @? :path::jsonpath");
        }
        sql.append(' ').append(order).append(" LIMIT :limit");
        GenericExecuteSpec spec =
                db.sql(sql.toString()).bind("tenant", caller.tenantId()).bind("limit", q.limit());
        if (q.clientId() != null) {
            spec = spec.bind("client", q.clientId());
        }
        if (q.site() != null) {
            spec = spec.bind("site", q.site());
        }
        if (q.riskLevel() != null) {
            spec = spec.bind("risk", q.riskLevel());
        }
        if (q.robotId() != null) {
            spec = spec.bind("robot", q.robotId());
        }
        if (q.minProbability() > 0) {
            spec = spec.bind("path", "$[*] ? (@.probability >= " + q.minProbability() + ")");
        }
        return spec;
    }

    private Map<String, Object> fleetRow(Readable row) {
        Map<String, Object> out = common(row);
        out.put("health_score", row.get("health_score", Integer.class));
        out.put("risk_level", row.get("risk_level", String.class));
        out.put("predicted_failure", row.get("predicted_failure", String.class));
        out.put("probability", row.get("probability", Double.class));
        out.put("confidence", row.get("confidence", Double.class));
        out.put("online", Boolean.TRUE.equals(row.get("online", Boolean.class)));
        out.put("last_seen_ms", row.get("last_seen_ms", Long.class));
        Long highSince = row.get("high_since_ms", Long.class);
        out.put("high_risk_since", highSince == null ? null : Instant.ofEpochMilli(highSince));
        List<Map<String, Object>> drivers = new ArrayList<>();
        for (JsonNode c : json.readTree(row.get("components", String.class))) {
            Map<String, Object> driver = new LinkedHashMap<>();
            driver.put("component", c.get("component").asString());
            driver.put("score", c.get("score").asInt());
            driver.put("probability", c.get("probability").asDouble());
            driver.put("evidence", c.get("evidence"));
            drivers.add(driver);
        }
        out.put("drivers", drivers);
        out.put("computed_at", Instant.ofEpochMilli(row.get("computed_at_ms", Long.class)));
        // the contract's four fields first
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("robot_id", out.remove("robot_id"));
        ordered.put("health_score", out.remove("health_score"));
        ordered.put("risk_level", out.remove("risk_level"));
        ordered.put("predicted_failure", out.remove("predicted_failure"));
        ordered.putAll(out);
        return ordered;
    }

    private List<Map<String, Object>> predictionRows(Readable row, double floor) {
        List<Map<String, Object>> rows = new ArrayList<>();
        String risk = row.get("risk_level", String.class);
        Instant computed = Instant.ofEpochMilli(row.get("computed_at_ms", Long.class));
        for (JsonNode c : json.readTree(row.get("components", String.class))) {
            double p = c.get("probability").asDouble();
            if (p < floor) {
                continue;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("robot_id", row.get("robot_id", String.class));
            out.put("component", c.get("component").asString());
            out.put("probability", p);
            out.put("risk_level", risk);
            JsonNode expected = c.get("expected_at_ms");
            out.put(
                    "expected_at",
                    expected == null || expected.isNull()
                            ? null
                            : Instant.ofEpochMilli(expected.asLong()));
            out.put("horizon_days", io.robovis.common.health.HealthModel.HORIZON_DAYS);
            out.put("evidence", c.get("evidence"));
            out.put("computed_at", computed);
            out.put("client_id", row.get("client_id", String.class));
            out.put("site", row.get("site", String.class));
            rows.add(out);
        }
        return rows;
    }

    private static Map<String, Object> common(Readable row) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("robot_id", row.get("robot_id", String.class));
        out.put("client_id", row.get("client_id", String.class));
        out.put("site", row.get("site", String.class));
        return out;
    }
}
