package io.robovis.robot.timeline;

import io.robovis.robot.robot.RobotRepository;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@Repository
class TimelineRepository {

    private final DatabaseClient db;
    private final JsonMapper json;

    TimelineRepository(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /**
     * The entries, each the stored event with its arrival time; served by the events' key (robot,
     * time, id), read backwards.
     */
    Flux<JsonNode> find(TimelineQuery q) {
        StringBuilder sql =
                new StringBuilder(
                        "SELECT (body || jsonb_build_object('received_ms', received_ms))::text AS entry"
                                + " FROM events WHERE robot_id = :robot AND type = ANY(:types)"
                                // events keep the tenancy they had: a reassigned robot's new client
                                // does not see what it did for the previous one
                                + " AND "
                                + RobotRepository.scope(q.caller()));
        if (q.fromMs() != null) {
            sql.append(" AND ts_ms >= :from");
        }
        if (q.toMs() != null) {
            sql.append(" AND ts_ms <= :to");
        }
        if (q.after() != null) {
            sql.append(" AND (ts_ms, event_id) < (:afterTs, :afterId::uuid)");
        }
        sql.append(" ORDER BY ts_ms DESC, event_id DESC LIMIT :limit");
        GenericExecuteSpec spec =
                db.sql(sql.toString())
                        .bind("robot", q.robotId())
                        .bind("tenant", q.caller().tenantId())
                        .bind("types", q.types().toArray(String[]::new))
                        .bind("limit", q.limit());
        if (q.fromMs() != null) {
            spec = spec.bind("from", q.fromMs());
        }
        if (q.toMs() != null) {
            spec = spec.bind("to", q.toMs());
        }
        if (q.after() != null) {
            spec = spec.bind("afterTs", q.after().tsMs()).bind("afterId", q.after().eventId());
        }
        return spec.map(row -> json.readTree(row.get("entry", String.class))).all();
    }
}
