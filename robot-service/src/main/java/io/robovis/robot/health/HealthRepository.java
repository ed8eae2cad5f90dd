package io.robovis.robot.health;

import io.r2dbc.spi.Readable;
import io.robovis.common.health.HealthModel;
import io.robovis.common.security.RobovisPrincipal;
import io.robovis.robot.robot.RobotRepository;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads robot_health for a caller: every query is limited to the caller's robots. */
@Repository
class HealthRepository {

    /** Components below this probability are not predictions, only sub-scores. */
    static final double PREDICTION_FLOOR = 0.05;

    /** The order of the robot_health_*_worst indexes. */
    private static final String WORST_FIRST =
            "ORDER BY h.health_score, h.probability DESC, h.robot_id COLLATE \"C\"";

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final JsonMapper json;

    HealthRepository(DatabaseClient db, TransactionalOperator transaction, JsonMapper json) {
        this.db = db;
        this.transaction = transaction;
        this.json = json;
    }

    /**
     * The fleet-health answer as JSON text joined by the database from each robot's stored entry (a
     * 10,000-robot fleet is one string, not 10,000 objects), with presence added: worst first,
     * lowest health score then highest probability; each component's drivers only when asked for.
     *
     * <p>The entries are read in that order from the scope's index (robot_health_*_worst): the
     * planner, costing a sort of 10,000 rows below an index scan, would sort them, which took about
     * as long as the rest of the query; sorting is turned off for this statement's transaction
     * only. The aggregate keeps the order of its limited (so never flattened) subquery.
     *
     * <p>The answer is handed on as UTF-8 bytes, which the server writes as they are: a String body
     * went through Netty's per-character encoder, the most sampled frame of a profile of this
     * route.
     */
    Mono<byte[]> fleetHealth(RobovisPrincipal caller, HealthQuery q, boolean withDrivers) {
        String entry =
                "h.entry_open || ',\"online\":' || COALESCE(r.online, false)"
                        + " || ',\"last_seen_ms\":' || COALESCE(r.last_seen_ms::text, 'null')"
                        + (withDrivers ? " || ',\"drivers\":' || h.components::text" : "")
                        + " || '}' AS j";
        String sql =
                "SELECT '[' || COALESCE(string_agg(j, ','), '') || ']' AS body FROM ("
                        + query(caller, q, entry, WORST_FIRST)
                        + ") x";
        Mono<byte[]> answer =
                db.sql(
                                "SELECT set_config('enable_sort', 'off', true),"
                                        + " set_config('max_parallel_workers_per_gather', '0', true)")
                        .then()
                        .then(
                                bind(db.sql(sql), caller, q)
                                        .map(
                                                r ->
                                                        r.get("body", String.class)
                                                                .getBytes(StandardCharsets.UTF_8))
                                        .one());
        return transaction.transactional(answer);
    }

    /** One row per robot and component likely enough to fail, most likely first. */
    Flux<Map<String, Object>> predictions(RobovisPrincipal caller, HealthQuery q) {
        double floor = Math.max(PREDICTION_FLOOR, q.minProbability());
        HealthQuery withFloor =
                new HealthQuery(
                        q.clientId(), q.site(), q.riskLevel(), q.robotId(), floor, q.limit());
        String sql =
                query(
                        caller,
                        withFloor,
                        "h.robot_id, h.client_id, h.site, h.risk_level, h.computed_at_ms,"
                                + " h.components::text AS components",
                        "ORDER BY h.probability DESC, h.robot_id");
        return bind(db.sql(sql), caller, withFloor)
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

    /** The SQL of a scoped, filtered, ordered and limited read of robot_health. */
    private static String query(
            RobovisPrincipal caller, HealthQuery q, String columns, String order) {
        StringBuilder sql =
                new StringBuilder("SELECT ")
                        .append(columns)
                        .append(
                                " FROM robot_health h JOIN robots r USING (robot_id)"
                                        + " WHERE r.deprovisioned_at IS NULL AND h.")
                        .append(RobotRepository.scope(caller));
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
        return sql.append(' ').append(order).append(" LIMIT :limit").toString();
    }

    private static GenericExecuteSpec bind(
            GenericExecuteSpec spec, RobovisPrincipal caller, HealthQuery q) {
        spec = spec.bind("tenant", caller.tenantId()).bind("limit", q.limit());
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
            out.put("horizon_days", HealthModel.HORIZON_DAYS);
            out.put("evidence", c.get("evidence"));
            out.put("computed_at", computed);
            out.put("client_id", row.get("client_id", String.class));
            out.put("site", row.get("site", String.class));
            rows.add(out);
        }
        return rows;
    }
}
