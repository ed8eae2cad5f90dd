package io.robovis.robot.health;

import io.robovis.common.health.HourlyRollup;
import io.robovis.common.health.RollupJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/** Reads the hourly rollups the event projection writes. */
@Component
class RollupStore {

    private final DatabaseClient db;
    private final RollupJson text;

    RollupStore(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.text = new RollupJson(json);
    }

    /**
     * The robots' rollups of the hours from {@code fromMs}, by robot. The rows are taken as text on
     * the connection's thread and parsed on the parallel scheduler, so that a full rescore keeps
     * the connections' threads (which also answer requests) for reading.
     */
    Mono<Map<String, List<HourlyRollup>>> rollups(List<String> robotIds, long fromMs) {
        return db.sql(
                        """
                        SELECT robot_id, hour_ms, metrics::text AS metrics, errors::text AS errors,
                               feature_uses, feature_failures, events
                        FROM robot_hourly WHERE robot_id = ANY (:ids::text[]) AND hour_ms >= :from
                        """)
                .bind("ids", robotIds.toArray(String[]::new))
                .bind("from", fromMs)
                // by position: looking each column up by name showed in the scorer's profile
                .map(
                        row ->
                                new Row(
                                        row.get(0, String.class),
                                        row.get(1, Long.class),
                                        row.get(2, String.class),
                                        row.get(3, String.class),
                                        row.get(4, Integer.class),
                                        row.get(5, Integer.class),
                                        row.get(6, Integer.class)))
                .all()
                .collectList()
                .publishOn(Schedulers.parallel())
                .map(this::byRobot);
    }

    private record Row(
            String robotId,
            long hourMs,
            String metrics,
            String errors,
            int featureUses,
            int featureFailures,
            int events) {}

    private Map<String, List<HourlyRollup>> byRobot(List<Row> rows) {
        Map<String, List<HourlyRollup>> out = new HashMap<>();
        for (Row r : rows) {
            out.computeIfAbsent(r.robotId(), k -> new ArrayList<>())
                    .add(
                            new HourlyRollup(
                                    r.hourMs(),
                                    // smaller than the HashMap: a page holds about 48,000
                                    Map.copyOf(text.metrics(r.metrics())),
                                    text.errors(r.errors()),
                                    r.featureUses(),
                                    r.featureFailures(),
                                    r.events()));
        }
        return out;
    }
}
