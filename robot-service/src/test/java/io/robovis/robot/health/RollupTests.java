package io.robovis.robot.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.robovis.common.security.Role;
import io.robovis.common.security.TenantType;
import io.robovis.common.test.TestEvents;
import io.robovis.common.test.TestTokens;
import io.robovis.robot.RobotServiceTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rollups are recomputed from the stored events: duplicates and late events keep them exact. */
class RollupTests extends RobotServiceTestSupport {

    @Test
    void duplicateAndLateEventsKeepTheHourExact() {
        String ctor = unique("ctor");
        String cli = unique("cli");
        String robot = unique("R");
        tenants(Map.of(ctor, "constructor", cli, "client"));
        provision(ctor, robot, cli, Map.of());
        String ingest = TestTokens.token(ctor, TenantType.CONSTRUCTOR, Role.INGEST);
        long hour = CLOCK.millis() - CLOCK.millis() % 3_600_000L - 2 * 3_600_000L;

        Map<String, Object> first = reading(robot, hour + 60_000, 80);
        send(ingest, List.of(first, reading(robot, hour + 120_000, 90), first))
                .expectStatus()
                .isAccepted();
        send(ingest, List.of(error(robot, hour + 180_000, "lidar", "critical")))
                .expectStatus()
                .isAccepted();
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                row(robot, hour) != null
                                        && ((Number) row(robot, hour).get("events")).intValue()
                                                == 3);
        // the duplicate again, and a late reading of the same hour
        send(ingest, List.of(first, reading(robot, hour + 30_000, 70))).expectStatus().isAccepted();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ((Number) row(robot, hour).get("events")).intValue() == 4);

        Map<String, Object> row = row(robot, hour);
        Map<String, Object> metrics = json.readValue((String) row.get("metrics"), Map.class);
        assertThat((List<Number>) metrics.get("motor_temp_c"))
                .extracting(Number::doubleValue)
                .containsExactly(3.0, 240.0, 70.0, 90.0);
        Map<String, Object> errors = json.readValue((String) row.get("errors"), Map.class);
        assertThat((List<Number>) errors.get("lidar"))
                .extracting(Number::intValue)
                .containsExactly(1, 1);
    }

    private Map<String, Object> row(String robot, long hour) {
        return db.sql(
                        "SELECT metrics::text AS metrics, errors::text AS errors, events FROM robot_hourly"
                                + " WHERE robot_id = :robot AND hour_ms = :hour")
                .bind("robot", robot)
                .bind("hour", hour)
                .fetch()
                .one()
                .block();
    }

    private static Map<String, Object> reading(String robot, long ts, double motor) {
        return event(robot, ts, "telemetry", Map.of("metrics", Map.of("motor_temp_c", motor)));
    }

    private static Map<String, Object> error(
            String robot, long ts, String component, String severity) {
        return TestEvents.error(robot, ts, component, severity);
    }
}
