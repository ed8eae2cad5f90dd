package io.robovis.common.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** The health model on synthetic series whose truth is known. */
class HealthModelTests {

    static final long DAY = HealthModel.DAY_MS;
    static final long T0 = 1_780_000_000_000L - 1_780_000_000_000L % DAY;

    /** Ten days of healthy minute telemetry, then whatever {@code extra} adds. */
    static RollupBuilder fleetRobot(
            long seed, int days, BiConsumer<Long, Map<String, Double>> tweak) {
        Random random = new Random(seed);
        RollupBuilder rollups = new RollupBuilder();
        for (long t = T0; t < T0 + days * DAY; t += 60_000) {
            boolean active =
                    (t / 3_600_000) % 24 >= 8
                            && (t / 3_600_000) % 24 < 20
                            && random.nextDouble() < 0.5;
            Map<String, Double> m = new java.util.HashMap<>();
            m.put("battery_health_pct", 95 - 0.01 * (t - T0) / DAY + random.nextGaussian() * 0.05);
            m.put("motor_temp_c", (active ? 50 : 34) + random.nextGaussian() * 1.2);
            m.put("cpu_temp_c", (active ? 56 : 45) + random.nextGaussian() * 1.5);
            m.put("wifi_rssi_dbm", -55 + random.nextGaussian() * 3);
            tweak.accept(t, m);
            rollups.telemetry(t, m);
            if (random.nextDouble() < 1.0 / 2880) {
                rollups.error(t, "wifi", false);
            }
            if (active && random.nextDouble() < 0.05) {
                rollups.featureUsed(t, random.nextDouble() < 0.08);
            }
        }
        return rollups;
    }

    @Test
    void aSteadyBatteryFadePredictsTheBatteryNearTheTrueCrossing() {
        double rate = 1.5; // % per day from day 2
        long onset = T0 + 2 * DAY;
        RollupBuilder rollups =
                fleetRobot(
                        1,
                        12,
                        (t, m) -> {
                            if (t > onset) {
                                m.put(
                                        "battery_health_pct",
                                        m.get("battery_health_pct") - rate * (t - onset) / DAY);
                            }
                        });
        long asOf = T0 + 12 * DAY;
        RobotHealth health = HealthModel.score("R-1", rollups.rollups(asOf), asOf, false);

        RobotHealth.ComponentHealth battery = component(health, "battery");
        // health at asOf ≈ 95 − 0.12 − 15 = 79.9: 9.9 points above 70 at 1.5 a day
        double trueDays = (95 - 0.01 * 12 - rate * 10 - 70) / (rate + 0.01);
        double predictedDays = (battery.expectedAtMs() - asOf) / (double) DAY;
        assertThat(predictedDays).isBetween(trueDays * 0.8, trueDays * 1.2);
        assertThat(health.predictedFailure()).isEqualTo("battery");
        assertThat(health.riskLevel()).isEqualTo(RobotHealth.HIGH);
        assertThat(battery.evidence().get(0).metric()).isEqualTo("battery_health_pct");
        assertThat(battery.evidence().get(0).trendPerDay()).isBetween(-1.8, -1.2);
        assertThat(battery.evidence().get(0).threshold()).isEqualTo(70.0);
    }

    @Test
    void aHealthyNoisyRobotPredictsNone() {
        for (long seed = 1; seed <= 20; seed++) {
            RollupBuilder rollups = fleetRobot(seed, 10, (t, m) -> {});
            long asOf = T0 + 10 * DAY;
            RobotHealth health = HealthModel.score("R-" + seed, rollups.rollups(asOf), asOf, false);
            assertThat(health.predictedFailure()).as("seed " + seed).isEqualTo("none");
            assertThat(health.riskLevel()).as("seed " + seed).isEqualTo(RobotHealth.LOW);
            assertThat(health.healthScore()).as("seed " + seed).isGreaterThan(70);
            assertThat(health.confidence()).isGreaterThan(0.9);
        }
    }

    @Test
    void aSingleSpikeDoesNotMakeHighRisk() {
        long spike = T0 + 9 * DAY + 3_600_000;
        RollupBuilder rollups =
                fleetRobot(
                        3,
                        10,
                        (t, m) -> {
                            if (t >= spike && t < spike + 60_000) {
                                m.put("motor_temp_c", 95.0);
                                m.put("battery_health_pct", 40.0);
                            }
                        });
        long asOf = T0 + 10 * DAY;
        RobotHealth health = HealthModel.score("R-3", rollups.rollups(asOf), asOf, false);
        assertThat(health.riskLevel()).isNotEqualTo(RobotHealth.HIGH);
        assertThat(component(health, "drive").probability()).isLessThan(HealthModel.MEDIUM_ENTER);
    }

    @Test
    void anErrorBurstAgainstTheRobotsOwnBaselineRaisesItsComponent() {
        RollupBuilder rollups = fleetRobot(4, 10, (t, m) -> {});
        long asOf = T0 + 10 * DAY;
        for (int i = 0; i < 3; i++) {
            rollups.error(asOf - 2 * DAY + 3_600_000L * 5 * i, "lidar", false);
        }
        for (int i = 0; i < 9; i++) {
            rollups.error(asOf - DAY + 3_600_000L * 2 * i, "lidar", i % 4 == 0);
        }
        RobotHealth health = HealthModel.score("R-4", rollups.rollups(asOf), asOf, false);
        assertThat(health.predictedFailure()).isEqualTo("lidar");
        assertThat(health.riskLevel()).isEqualTo(RobotHealth.HIGH);
        assertThat(component(health, "lidar").expectedAtMs()).isEqualTo(asOf + 3 * DAY);
    }

    @Test
    void missingMetricsLowerConfidenceInsteadOfFailing() {
        RollupBuilder sparse = new RollupBuilder();
        long asOf = T0 + 10 * DAY;
        sparse.telemetry(asOf - 3_600_000, Map.of("battery_pct", 50.0));
        sparse.other(asOf - 7_200_000);
        RobotHealth health = HealthModel.score("R-5", sparse.rollups(asOf), asOf, false);
        assertThat(health.confidence()).isLessThan(0.05);
        assertThat(health.predictedFailure()).isEqualTo("none");
        assertThat(health.healthScore()).isBetween(0, 100);

        RobotHealth nothing = HealthModel.score("R-6", List.of(), asOf, false);
        assertThat(nothing.confidence()).isZero();
        assertThat(nothing.riskLevel()).isEqualTo(RobotHealth.LOW);
    }

    @Test
    void dataAfterTheScoringTimeIsNeverRead() {
        RollupBuilder rollups = fleetRobot(6, 10, (t, m) -> {});
        long asOf = T0 + 8 * DAY;
        RobotHealth before = HealthModel.score("R-7", rollups.rollups(asOf), asOf, false);
        for (int i = 0; i < 20; i++) {
            rollups.error(asOf + 3_600_000L * i, "arm", true);
        }
        RobotHealth withFuture =
                HealthModel.score("R-7", rollups.rollups(T0 + 10 * DAY), asOf, false);
        assertThat(withFuture).isEqualTo(before);
    }

    @Test
    void highIsLeftOnlyBelowItsExitThreshold() {
        double between = (HealthModel.HIGH_EXIT + HealthModel.HIGH_ENTER) / 2;
        assertThat(HealthModel.riskLevel(between, 80, false)).isEqualTo(RobotHealth.MEDIUM);
        assertThat(HealthModel.riskLevel(between, 80, true)).isEqualTo(RobotHealth.HIGH);
        assertThat(HealthModel.riskLevel(HealthModel.HIGH_EXIT - 0.01, 80, true))
                .isEqualTo(RobotHealth.MEDIUM);
        assertThat(HealthModel.riskLevel(0.1, 80, true)).isEqualTo(RobotHealth.LOW);
        assertThat(HealthModel.riskLevel(0.1, 40, false)).isEqualTo(RobotHealth.MEDIUM);
    }

    private static RobotHealth.ComponentHealth component(RobotHealth health, String name) {
        return health.components().stream()
                .filter(c -> c.component().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
