package io.robovis.robot.health;

import io.robovis.common.health.HourlyRollup;
import io.robovis.common.health.HourlyRollup.ErrorCount;
import io.robovis.common.health.HourlyRollup.Stat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the hourly rollups the event projection writes. */
@Component
class RollupStore {

    private final DatabaseClient db;
    private final JsonMapper json;

    RollupStore(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /** The robots' rollups of the hours from {@code fromMs}, by robot. */
    Mono<Map<String, List<HourlyRollup>>> rollups(List<String> robotIds, long fromMs) {
        return db.sql(
                        """
                        SELECT robot_id, hour_ms, metrics::text AS metrics, errors::text AS errors,
                               feature_uses, feature_failures, events
                        FROM robot_hourly WHERE robot_id = ANY (:ids::text[]) AND hour_ms >= :from
                        """)
                .bind("ids", robotIds.toArray(String[]::new))
                .bind("from", fromMs)
                .map(
                        row ->
                                Map.entry(
                                        row.get("robot_id", String.class),
                                        new HourlyRollup(
                                                row.get("hour_ms", Long.class),
                                                metrics(row.get("metrics", String.class)),
                                                errors(row.get("errors", String.class)),
                                                row.get("feature_uses", Integer.class),
                                                row.get("feature_failures", Integer.class),
                                                row.get("events", Integer.class))))
                .all()
                .collect(
                        HashMap::new,
                        (Map<String, List<HourlyRollup>> map, Map.Entry<String, HourlyRollup> e) ->
                                map.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                                        .add(e.getValue()));
    }

    private Map<String, Stat> metrics(String text) {
        Map<String, Stat> out = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : json.readTree(text).properties()) {
            JsonNode a = e.getValue();
            out.put(
                    e.getKey(),
                    new Stat(
                            a.get(0).asLong(),
                            a.get(1).asDouble(),
                            a.get(2).asDouble(),
                            a.get(3).asDouble()));
        }
        return out;
    }

    private Map<String, ErrorCount> errors(String text) {
        Map<String, ErrorCount> out = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : json.readTree(text).properties()) {
            out.put(
                    e.getKey(),
                    new ErrorCount(e.getValue().get(0).asInt(), e.getValue().get(1).asInt()));
        }
        return out;
    }
}
