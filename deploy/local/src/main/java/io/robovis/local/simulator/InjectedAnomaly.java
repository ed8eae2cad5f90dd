package io.robovis.local.simulator;

import java.util.Locale;

/**
 * A short anomaly injected into one robot, as written to the ground truth: unlike a {@link Fault},
 * it does not build up to a failure; it starts at once and ends.
 *
 * @param kind error_spike, overheating, battery_drop or feature_failure_spike
 * @param signal the detector's signal it shows in (errors:lidar, motor_temp_c, battery_pct,
 *     feature_failures:music)
 * @param magnitude errors per hour, °C above normal, battery points lost, or the feature's failure
 *     probability
 */
public record InjectedAnomaly(
        String robotId, String kind, String signal, long onsetMs, long endMs, double magnitude) {

    static final String ERROR_SPIKE = "error_spike";
    static final String OVERHEATING = "overheating";
    static final String BATTERY_DROP = "battery_drop";
    static final String FEATURE_FAILURE_SPIKE = "feature_failure_spike";
    static final String[] KINDS = {ERROR_SPIKE, OVERHEATING, BATTERY_DROP, FEATURE_FAILURE_SPIKE};

    /** Spike components, not those of the background warnings. */
    static final String[] COMPONENTS = {"lidar", "arm", "camera", "drive"};

    static final long MINUTE_MS = 60_000L;

    boolean active(long tMs) {
        return tMs >= onsetMs && tMs < endMs;
    }

    /** The component of an error spike, the feature of a failure spike. */
    String target() {
        return signal.substring(signal.indexOf(':') + 1);
    }

    /** Draws one anomaly of {@code kind} for {@code robot} starting at {@code onsetMs}. */
    static InjectedAnomaly draw(
            SimRobot robot, String kind, long onsetMs, java.util.Random random) {
        long onset = onsetMs - onsetMs % MINUTE_MS;
        return switch (kind) {
            case ERROR_SPIKE ->
                    new InjectedAnomaly(
                            robot.robotId,
                            kind,
                            "errors:" + COMPONENTS[random.nextInt(COMPONENTS.length)],
                            onset,
                            onset + (30 + random.nextInt(151)) * MINUTE_MS,
                            40 + random.nextInt(111));
            case OVERHEATING ->
                    new InjectedAnomaly(
                            robot.robotId,
                            kind,
                            "motor_temp_c",
                            onset,
                            onset + (60 + random.nextInt(181)) * MINUTE_MS,
                            18 + random.nextInt(13));
            case BATTERY_DROP ->
                    new InjectedAnomaly(
                            robot.robotId,
                            kind,
                            "change:battery_pct",
                            onset,
                            onset + 240 * MINUTE_MS,
                            35 + random.nextInt(21));
            default -> {
                String[] features = Activity.features(robot.environment);
                yield new InjectedAnomaly(
                        robot.robotId,
                        FEATURE_FAILURE_SPIKE,
                        "feature_failures:" + features[random.nextInt(3)],
                        onset,
                        onset + (24 + random.nextInt(25)) * 60 * MINUTE_MS,
                        0.6 + 0.3 * random.nextDouble());
            }
        };
    }

    String toJson() {
        return String.format(
                Locale.ROOT,
                "{\"robot_id\":\"%s\",\"anomaly\":\"%s\",\"signal\":\"%s\",\"onset_ms\":%d,"
                        + "\"end_ms\":%d,\"magnitude\":%.2f}",
                robotId,
                kind,
                signal,
                onsetMs,
                endMs,
                magnitude);
    }
}
