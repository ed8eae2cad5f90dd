package io.robovis.robot.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.robovis.common.events.EventReader;
import io.robovis.common.events.RobotEvent;
import io.robovis.common.health.HourlyRollup.Stat;
import io.robovis.common.health.RollupJson;
import io.robovis.common.health.RollupWriter;
import io.robovis.robot.RobotServiceTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Two transactions adding to the same robot-hour: whether the hour was stored before (merged in the
 * service under the row's lock) or is inserted by both at once (merged by the insert's conflict
 * clause), both additions count.
 */
class RollupWriterTests extends RobotServiceTestSupport {

    private static final long HOUR = 1_796_400_000_000L - 1_796_400_000_000L % 3_600_000L;

    @Autowired TransactionalOperator transaction;

    @Test
    void twoTransactionsAddingToANewHourBothCount() {
        String robot = unique("R");

        concurrently(robot);

        assertHour(robot, 4, new Stat(4, 260, 50, 80));
    }

    @Test
    void twoTransactionsAddingToAStoredHourBothCount() {
        String robot = unique("R");
        transaction.transactional(writer(robot, 40, 40).write()).block();

        concurrently(robot);

        assertHour(robot, 6, new Stat(6, 340, 40, 80));
    }

    /** The first keeps its transaction open a while after writing; the second writes meanwhile. */
    private void concurrently(String robot) {
        Mono<Void> first =
                transaction
                        .transactional(
                                writer(robot, 50, 60)
                                        .write()
                                        .then(Mono.delay(Duration.ofMillis(800))))
                        .then();
        Mono<Void> second =
                Mono.delay(Duration.ofMillis(200))
                        .then(transaction.transactional(writer(robot, 70, 80).write()));
        Mono.when(first, second).block(Duration.ofSeconds(20));
    }

    private RollupWriter writer(String robot, double a, double b) {
        RollupWriter writer = new RollupWriter(db, json);
        writer.add(robot, reading(robot, HOUR + 60_000, a));
        writer.add(robot, reading(robot, HOUR + 120_000, b));
        return writer;
    }

    private RobotEvent reading(String robot, long tsMs, double motor) {
        String event =
                "{\"event_id\":\"%s\",\"robot_id\":\"%s\",\"ts_ms\":%d,\"type\":\"telemetry\",\"metrics\":{\"motor_temp_c\":%s}}"
                        .formatted(UUID.randomUUID(), robot, tsMs, motor);
        return new EventReader(json, Clock.systemUTC())
                .read(event.getBytes(StandardCharsets.UTF_8))
                .event();
    }

    private void assertHour(String robot, int events, Stat motor) {
        Map<String, Object> row =
                db.sql(
                                "SELECT metrics::text AS metrics, events FROM robot_hourly"
                                        + " WHERE robot_id = :robot AND hour_ms = :hour")
                        .bind("robot", robot)
                        .bind("hour", HOUR)
                        .fetch()
                        .one()
                        .block();
        assertThat(((Number) row.get("events")).intValue()).isEqualTo(events);
        assertThat(new RollupJson(json).metrics((String) row.get("metrics")))
                .containsExactly(Map.entry("motor_temp_c", motor));
    }
}
