package io.robovis.local.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The fleet model: seeded and repeatable, every fault kind with its ground truth, sane activity.
 */
class SimulatorModelTests {

    static final long DAY = 86_400_000L;
    static final long END = 1_796_400_000_000L - 1_796_400_000_000L % 60_000;
    static final List<String> CLIENTS = List.of("client-alpha", "client-beta");

    @Test
    void theSameSeedGivesTheSameFleetAndFaults() {
        FleetPlan a = new FleetPlan("BDY", 60, CLIENTS, END - 14 * DAY, END, 0.25, 42);
        FleetPlan b = new FleetPlan("BDY", 60, CLIENTS, END - 14 * DAY, END, 0.25, 42);
        FleetPlan c = new FleetPlan("BDY", 60, CLIENTS, END - 14 * DAY, END, 0.25, 43);
        assertThat(a.faults()).isEqualTo(b.faults());
        assertThat(a.faults()).isNotEqualTo(c.faults());
        assertThat(a.robots)
                .filteredOn(r -> r.robotId.equals("BDY-042"))
                .singleElement()
                .satisfies(r -> assertThat(r.clientId).isEqualTo("client-alpha"));
    }

    @Test
    void everyFaultKindIsInjectedWithItsGroundTruth() {
        FleetPlan plan = new FleetPlan("SIM", 200, CLIENTS, END - 30 * DAY, END, 0.3, 7);
        Set<String> kinds = new HashSet<>();
        for (Fault f : plan.faults()) {
            kinds.add(f.kind());
            assertThat(f.onsetMs()).isBetween(plan.startMs, plan.endMs);
            boolean endsInFailure =
                    List.of(Fault.BATTERY_FADE, Fault.MOTOR_OVERHEATING, Fault.ERROR_BURST)
                            .contains(f.kind());
            if (endsInFailure) {
                assertThat(f.failureMs()).as(f.toString()).isGreaterThan(f.onsetMs());
                assertThat(f.component()).isNotNull();
            } else {
                assertThat(f.failureMs()).as(f.toString()).isZero();
            }
            assertThat(f.toJson())
                    .startsWith(
                            "{\"robot_id\":\"" + f.robotId() + "\",\"fault\":\"" + f.kind() + "\"");
        }
        assertThat(kinds).containsExactlyInAnyOrder(FleetPlan.FAULT_KINDS);
        assertThat(plan.faults()).hasSize(60);
    }

    @Test
    void aDayOfActivityHasTelemetryEveryMinuteSessionsByDayAndUniqueEventIds() {
        FleetPlan plan = new FleetPlan("SIM", 3, CLIENTS, END - DAY, END, 0.0, 1);
        SimRobot robot = plan.robots.get(0);
        Random random = new Random(1);
        List<String> events = new ArrayList<>();
        for (long t = plan.startMs; t < plan.endMs; t += 60_000) {
            Activity.minute(robot, t, random, (id, json) -> events.add(json));
        }
        assertThat(events).filteredOn(e -> e.contains("\"type\":\"telemetry\"")).hasSize(1440);
        assertThat(events).filteredOn(e -> e.contains("\"type\":\"session_started\"")).isNotEmpty();
        assertThat(events).filteredOn(e -> e.contains("\"type\":\"feature_used\"")).isNotEmpty();
        Set<String> ids = new HashSet<>();
        Pattern id = Pattern.compile("\"event_id\":\"([0-9a-f-]{36})\"");
        for (String e : events) {
            Matcher m = id.matcher(e);
            assertThat(m.find()).as(e).isTrue();
            assertThat(ids.add(m.group(1))).as("unique id in %s", e).isTrue();
            assertThat(e).startsWith("{").endsWith("}");
        }
    }

    @Test
    void aBatteryFadeWearsTheBatteryAtItsRate() {
        FleetPlan plan = new FleetPlan("SIM", 1, CLIENTS, END - 20 * DAY, END, 0.0, 3);
        SimRobot robot = plan.robots.get(0);
        robot.faults.add(
                new Fault(
                        robot.robotId,
                        Fault.BATTERY_FADE,
                        "battery",
                        plan.startMs,
                        plan.startMs + 10 * DAY,
                        2.0,
                        null));
        double before = robot.batteryHealthPct;
        Random random = new Random(3);
        for (long t = plan.startMs; t < plan.startMs + 5 * DAY; t += 60_000) {
            Activity.minute(robot, t, random, (id, json) -> {});
        }
        assertThat(before - robot.batteryHealthPct)
                .isCloseTo(10.0, org.assertj.core.data.Offset.offset(0.01));
    }
}
