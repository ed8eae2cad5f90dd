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
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.io.NumberInput;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the hourly rollups the event projection writes. */
@Component
class RollupStore {

    private static final String NONE = "{}";

    private final DatabaseClient db;
    private final JsonMapper json;

    RollupStore(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
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
                                    metrics(r.metrics()),
                                    errors(r.errors()),
                                    r.featureUses(),
                                    r.featureFailures(),
                                    r.events()));
        }
        return out;
    }

    /**
     * {@code {"name": [n, sum, min, max], …}} as PostgreSQL prints jsonb (and stores it in the json
     * column: V8): a full rescore reads 193 of these per robot, and parsing them was the scorer's
     * largest cost, so the plain form is read by hand; a name with an escape in it goes to the JSON
     * parser.
     */
    Map<String, Stat> metrics(String text) {
        if (text.indexOf('\\') >= 0) {
            return parsedMetrics(text);
        }
        Map<String, Stat> out = new HashMap<>();
        char[] chars = text.toCharArray();
        int i = text.indexOf('"');
        while (i >= 0) {
            int nameEnd = text.indexOf('"', i + 1);
            String name = text.substring(i + 1, nameEnd);
            int open = text.indexOf('[', nameEnd);
            int close = text.indexOf(']', open);
            double[] v = new double[4];
            int from = open + 1;
            for (int k = 0; k < 4; k++) {
                int to = k < 3 ? text.indexOf(',', from) : close;
                int end = to;
                while (chars[from] == ' ') {
                    from++;
                }
                while (chars[end - 1] == ' ') {
                    end--;
                }
                v[k] = NumberInput.parseDouble(chars, from, end - from, true);
                from = to + 1;
            }
            out.put(name, new Stat((long) v[0], v[1], v[2], v[3]));
            i = text.indexOf('"', close);
        }
        return Map.copyOf(out); // smaller than the HashMap: a page holds about 48,000 of these
    }

    Map<String, Stat> parsedMetrics(String text) {
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

    /** {@code {"component": [total, critical], …}}; most hours have none. */
    private Map<String, ErrorCount> errors(String text) {
        if (NONE.equals(text)) {
            return Map.of();
        }
        Map<String, ErrorCount> out = new HashMap<>();
        try (JsonParser p = json.createParser(text)) {
            p.nextToken(); // {
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String component = p.currentName();
                p.nextToken(); // [
                p.nextToken();
                int total = p.getIntValue();
                p.nextToken();
                int critical = p.getIntValue();
                p.nextToken(); // ]
                out.put(component, new ErrorCount(total, critical));
            }
        }
        return out;
    }
}
