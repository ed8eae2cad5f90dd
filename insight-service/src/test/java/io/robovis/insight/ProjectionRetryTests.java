package io.robovis.insight;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A batch the database refuses is retried until it is written, never acknowledged and lost: while a
 * projection table is away, events wait; once it is back, they are all there, once. A batch that
 * brings an event again beside new ones counts the new ones only.
 */
class ProjectionRetryTests extends InsightTestSupport {

    @Test
    void aBatchThatCannotBeWrittenIsRetriedUntilItIs() {
        String robot = unique("R");
        long now = System.currentTimeMillis();
        List<Map<String, Object>> events =
                List.of(
                        music(robot, now - 60_000, "success"),
                        music(robot, now - 50_000, "failure"));
        db.sql("ALTER TABLE feature_hourly RENAME TO feature_hourly_away").then().block();
        try {
            publish(events);
            // several attempts fail meanwhile, and the events stay unwritten
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(5))
                    .until(
                            () ->
                                    count(
                                                    "SELECT count(*) AS n FROM seen_events WHERE event_id = '"
                                                            + events.get(0).get("event_id")
                                                            + "'::uuid")
                                            == 0);
        } finally {
            db.sql("ALTER TABLE feature_hourly_away RENAME TO feature_hourly").then().block();
        }
        awaitRows(
                "SELECT coalesce(sum(uses), 0) AS n FROM feature_hourly WHERE robot_id = '"
                        + robot
                        + "'",
                2);
        awaitRows(
                "SELECT coalesce(sum(failures), 0) AS n FROM feature_daily WHERE robot_id = '"
                        + robot
                        + "'",
                1);
    }

    @Test
    void recordsOutsideTheEventSchemaAreNotCounted() {
        String robot = unique("R");
        long now = System.currentTimeMillis();
        Map<String, Object> invalid = music(robot, now - 60_000, "maybe");
        Map<String, Object> valid = music(robot, now - 50_000, "success");
        publish(List.of(invalid, valid));
        awaitRows(
                "SELECT count(*) AS n FROM seen_events WHERE event_id = '"
                        + valid.get("event_id")
                        + "'::uuid",
                1);
        awaitRows(
                "SELECT count(*) AS n FROM seen_events WHERE event_id = '"
                        + invalid.get("event_id")
                        + "'::uuid",
                0);
        awaitRows(
                "SELECT coalesce(sum(uses), 0) AS n FROM feature_hourly WHERE robot_id = '"
                        + robot
                        + "'",
                1);
    }

    @Test
    void aRedeliveredEventBesideNewOnesCountsOnce() {
        String robot = unique("R");
        long now = System.currentTimeMillis();
        Map<String, Object> first = music(robot, now - 60_000, "success");
        Map<String, Object> second = music(robot, now - 50_000, "success");
        send(List.of(first));
        // one poll: the insert answers which of the two were new, by their keys
        send(List.of(first, second));
        awaitRows(
                "SELECT coalesce(sum(uses), 0) AS n FROM feature_hourly WHERE robot_id = '"
                        + robot
                        + "'",
                2);
    }

    /** A use of the music feature with this outcome. */
    private static Map<String, Object> music(String robot, long tsMs, String outcome) {
        return event(robot, tsMs, "feature_used", Map.of("feature", "music", "outcome", outcome));
    }

    private long count(String sql) {
        return db.sql(sql).map(row -> row.get("n", Long.class)).one().block();
    }
}
