package io.robovis.local.simulator;

/**
 * A fault injected into one robot, as written to the ground-truth file.
 *
 * @param robotId the robot
 * @param kind battery_fade, motor_overheating, error_burst, silent, friction, emerging_usage
 * @param component the component that fails, where the fault ends in a failure
 * @param onsetMs when the fault starts
 * @param failureMs when it ends in a failure, or 0 when it does not (silent, friction, emerging
 *     usage)
 * @param rate the fault's strength (per day: % of battery health, °C, errors, failure-rate points)
 * @param feature the feature concerned (friction, emerging usage), else null
 */
public record Fault(
        String robotId,
        String kind,
        String component,
        long onsetMs,
        long failureMs,
        double rate,
        String feature) {

    static final String BATTERY_FADE = "battery_fade";
    static final String MOTOR_OVERHEATING = "motor_overheating";
    static final String ERROR_BURST = "error_burst";
    static final String SILENT = "silent";
    static final String FRICTION = "friction";
    static final String EMERGING_USAGE = "emerging_usage";

    boolean active(long tMs) {
        return tMs >= onsetMs;
    }

    /** Days since onset (0 before). */
    double daysIn(long tMs) {
        return tMs <= onsetMs ? 0 : (tMs - onsetMs) / 86_400_000.0;
    }

    String toJson() {
        return "{\"robot_id\":\""
                + robotId
                + "\",\"fault\":\""
                + kind
                + "\",\"component\":"
                + (component == null ? "null" : "\"" + component + "\"")
                + ",\"onset_ms\":"
                + onsetMs
                + ",\"failure_ms\":"
                + (failureMs == 0 ? "null" : String.valueOf(failureMs))
                + ",\"rate_per_day\":"
                + Math.round(rate * 1000) / 1000.0
                + ",\"feature\":"
                + (feature == null ? "null" : "\"" + feature + "\"")
                + "}";
    }
}
