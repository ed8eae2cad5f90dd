package io.robovis.common.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

class RobotDetectorTests {

    static final long MINUTE = 60_000L;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;
    static final long DAY0 = 1_780_000_000_000L - 1_780_000_000_000L % DAY;

    /** Motor temperature with a daily rhythm: 50 °C from 09:00 to 17:00 UTC, 34 °C otherwise. */
    static double rhythm(long t, Random random) {
        int hour = (int) ((t % DAY) / HOUR);
        return (hour >= 9 && hour < 17 ? 50 : 34) + random.nextGaussian() * 0.8;
    }

    /** Feeds one telemetry point a minute from {@code from} to {@code to}; returns the changes. */
    static List<AnomalyChange> telemetry(
            RobotDetector detector, long from, long to, LongToDoubleFunction motor) {
        List<AnomalyChange> changes = new ArrayList<>();
        for (long t = from; t < to; t += MINUTE) {
            changes.addAll(
                    detector.event(
                            new RobotDetector.Event(
                                    t + 5_000,
                                    "telemetry",
                                    Map.of("motor_temp_c", motor.applyAsDouble(t)),
                                    null,
                                    null,
                                    null,
                                    null)));
        }
        return changes;
    }

    static List<AnomalyChange> of(List<AnomalyChange> changes, String signal) {
        return changes.stream().filter(c -> c.anomaly().signal().equals(signal)).toList();
    }

    @Test
    void aValueNormalAtABusyHourIsNotFlaggedButTheSameValueAtNightIs() {
        Random random = new Random(1);
        RobotDetector detector = new RobotDetector("R-1");
        assertThat(telemetry(detector, DAY0, DAY0 + 6 * DAY, t -> rhythm(t, random))).isEmpty();

        // day 7, 12:00-12:30: 50 °C, as every day at noon
        long noon = DAY0 + 6 * DAY + 12 * HOUR;
        List<AnomalyChange> day =
                telemetry(detector, DAY0 + 6 * DAY, noon + 30 * MINUTE, t -> rhythm(t, random));
        assertThat(day).isEmpty();

        // day 8, 03:00-03:30: the same 50 °C at night
        long night = DAY0 + 7 * DAY + 3 * HOUR;
        telemetry(detector, noon + 30 * MINUTE, night, t -> rhythm(t, random));
        List<AnomalyChange> hot =
                telemetry(detector, night, night + 30 * MINUTE, t -> 50 + random.nextGaussian());
        hot.addAll(telemetry(detector, night + 30 * MINUTE, night + 31 * MINUTE, t -> 34));

        assertThat(of(hot, "motor_temp_c")).isNotEmpty();
        AnomalyChange first = of(hot, "motor_temp_c").get(0);
        assertThat(first.anomaly().startedMs()).isEqualTo(night);
        assertThat(first.critical()).as("critical at once").isNotNull();
        // before the bucket closes: its first points are already far out
        assertThat(first.critical().atMs()).isBetween(night, night + 3 * MINUTE);
        assertThat(first.critical().baseline()).isBetween(33.0, 35.0);
        assertThat(first.critical().value()).isBetween(49.0, 51.0);
    }

    @Test
    void aLevelShiftIsOneEpisodeWithOneCriticalAlarm() {
        Random random = new Random(2);
        RobotDetector detector = new RobotDetector("R-1");
        telemetry(detector, DAY0, DAY0 + 5 * DAY, t -> rhythm(t, random));
        long shift = DAY0 + 5 * DAY + 2 * HOUR;
        telemetry(detector, DAY0 + 5 * DAY, shift, t -> rhythm(t, random));

        List<AnomalyChange> after =
                telemetry(detector, shift, shift + 2 * DAY, t -> rhythm(t, random) + 25);

        List<AnomalyChange> motor = of(after, "motor_temp_c");
        assertThat(motor.stream().filter(c -> c.critical() != null)).hasSize(1);
        assertThat(motor.stream().map(c -> c.anomaly().anomalyId()).distinct()).hasSize(1);
    }

    @Test
    void nothingIsScoredDuringTheFirstThreeDays() {
        Random random = new Random(3);
        RobotDetector detector = new RobotDetector("R-1");
        telemetry(detector, DAY0, DAY0 + 2 * DAY, t -> rhythm(t, random));
        long night = DAY0 + 2 * DAY + 3 * HOUR;
        telemetry(detector, DAY0 + 2 * DAY, night, t -> rhythm(t, random));

        assertThat(telemetry(detector, night, night + HOUR, t -> 90)).isEmpty();
    }

    /** A robot with a few background errors of a component, then a burst of 60 an hour. */
    @Test
    void anErrorBurstIsCriticalWithinTenMinutesOnceAndEnds() {
        Random random = new Random(4);
        RobotDetector detector = new RobotDetector("R-1");
        List<AnomalyChange> changes = new ArrayList<>();
        long burst = DAY0 + 6 * DAY + 10 * HOUR;
        long burstEnd = burst + HOUR;
        for (long t = DAY0; t < burst + 3 * HOUR; t += MINUTE) {
            changes.addAll(
                    detector.event(
                            new RobotDetector.Event(
                                    t, "heartbeat", Map.of(), null, null, null, null)));
            boolean error =
                    t >= burst && t < burstEnd || random.nextDouble() < 1.0 / 1440; // 1 a day
            if (error) {
                changes.addAll(
                        detector.event(
                                new RobotDetector.Event(
                                        t + 1_000, "error", Map.of(), "lidar", null, null, null)));
            }
        }

        List<AnomalyChange> lidar = of(changes, "errors:lidar");
        List<AnomalyChange> critical = lidar.stream().filter(c -> c.critical() != null).toList();
        assertThat(critical).hasSize(1);
        assertThat(critical.get(0).critical().atMs() - burst).isLessThanOrEqualTo(10 * MINUTE);
        assertThat(critical.get(0).anomaly().unit()).isEqualTo("errors_per_hour");
        assertThat(critical.get(0).critical().value()).isGreaterThan(10); // vs 0.04 an hour
        Anomaly ended = lidar.get(lidar.size() - 1).anomaly();
        assertThat(ended.endedMs()).as("the episode ended").isNotNull();
        assertThat(ended.endedMs()).isBetween(burstEnd, burstEnd + 30 * MINUTE);
        assertThat(ended.severity()).isEqualTo(Anomaly.CRITICAL);
    }

    @Test
    void aFeatureFailingMostOfItsUsesBecomesCritical() {
        Random random = new Random(5);
        RobotDetector detector = new RobotDetector("R-1");
        List<AnomalyChange> changes = new ArrayList<>();
        long spike = DAY0 + 6 * DAY;
        for (long t = DAY0; t < spike + DAY; t += MINUTE) {
            changes.addAll(
                    detector.event(
                            new RobotDetector.Event(
                                    t, "heartbeat", Map.of(), null, null, null, null)));
            if (t % (30 * MINUTE) == 0) { // 48 uses a day
                double failure = t >= spike ? 0.7 : 0.04;
                changes.addAll(
                        detector.event(
                                new RobotDetector.Event(
                                        t + 1_000,
                                        "feature_used",
                                        Map.of(),
                                        null,
                                        "quiz",
                                        random.nextDouble() < failure ? "failure" : "success",
                                        null)));
            }
        }

        List<AnomalyChange> critical =
                of(changes, "feature_failures:quiz").stream()
                        .filter(c -> c.critical() != null)
                        .toList();
        assertThat(critical).hasSize(1);
        assertThat(critical.get(0).critical().atMs()).isBetween(spike, spike + 6 * HOUR);
        assertThat(critical.get(0).anomaly().unit()).isEqualTo("failure_rate_pct");
    }

    @Test
    void aRestoredStateGoesOnAsIfNeverStopped() {
        Random a = new Random(6);
        Random b = new Random(6);
        RobotDetector uninterrupted = new RobotDetector("R-1");
        RobotDetector restarted = new RobotDetector("R-1");
        long night = DAY0 + 5 * DAY + 2 * HOUR;
        List<AnomalyChange> expected = telemetry(uninterrupted, DAY0, night, t -> rhythm(t, a));
        expected.addAll(telemetry(uninterrupted, night, night + HOUR, t -> 60 + a.nextGaussian()));

        List<AnomalyChange> actual = new ArrayList<>();
        long stop = DAY0 + 3 * DAY;
        actual.addAll(telemetry(restarted, DAY0, stop, t -> rhythm(t, b)));
        for (long t = stop; t < night; t += DAY / 3) {
            restarted = RobotDetector.fromBytes("R-1", restarted.toBytes());
            actual.addAll(telemetry(restarted, t, Math.min(night, t + DAY / 3), x -> rhythm(x, b)));
        }
        restarted = RobotDetector.fromBytes("R-1", restarted.toBytes());
        actual.addAll(telemetry(restarted, night, night + HOUR, t -> 60 + b.nextGaussian()));

        assertThat(expected).isNotEmpty();
        assertThat(actual).isEqualTo(expected);
        assertThat(restarted.open()).isEqualTo(uninterrupted.open());
    }

    @Test
    void anUnreadableStateStartsAfresh() {
        assertThat(RobotDetector.fromBytes("R-1", new byte[] {9, 1, 2}).open()).isEmpty();
        assertThat(RobotDetector.fromBytes("R-1", null).toBytes())
                .isEqualTo(new RobotDetector("R-1").toBytes());
    }

    @Test
    void tailsMatchTheirDistributions() {
        // P(X >= 3 | Poisson(0.5)) = 1 - e^-0.5 (1 + 0.5 + 0.125) = 0.01438
        assertThat(Math.exp(Tails.logPoissonUpper(3, 0.5))).isCloseTo(0.014388, within(1e-5));
        // P(X >= 1 | Poisson(2)) = 1 - e^-2
        assertThat(Math.exp(Tails.logPoissonUpper(1, 2))).isCloseTo(0.864665, within(1e-5));
        // P(X >= 4 | Binomial(5, 0.1)) = 5 * 0.1^4 * 0.9 + 0.1^5 = 0.00046
        assertThat(Math.exp(Tails.logBinomialUpper(4, 5, 0.1))).isCloseTo(0.00046, within(1e-7));
        // z of the upper tail: 2.3e-4 -> 3.5, 1e-5 -> 4.26, 2.87e-7 -> 5
        assertThat(Tails.zOfLogTail(Math.log(2.326e-4))).isCloseTo(3.5, within(0.01));
        assertThat(Tails.zOfLogTail(Math.log(1e-5))).isCloseTo(4.265, within(0.01));
        assertThat(Tails.zOfLogTail(Math.log(2.867e-7))).isCloseTo(5.0, within(0.01));
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }
}
