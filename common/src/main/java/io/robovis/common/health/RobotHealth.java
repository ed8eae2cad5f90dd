package io.robovis.common.health;

import java.util.List;

/**
 * A robot's health as of {@code computedAtMs}: the record of the compacted topic
 * robovis.robot-health.v1 (key: robot id) and what the fleet-health and predictions routes show.
 *
 * @param healthScore 0–100, 100 being a robot with nothing to watch
 * @param riskLevel low, medium or high (rules in docs/models.md)
 * @param predictedFailure the component most likely to fail within the horizon, or "none"
 * @param probability that component's probability of failure within the horizon
 * @param confidence share of the expected telemetry the score could use (0–1)
 * @param components every component's sub-score, probability and drivers, worst first
 */
public record RobotHealth(
        String robotId,
        int healthScore,
        String riskLevel,
        String predictedFailure,
        double probability,
        double confidence,
        int horizonDays,
        long computedAtMs,
        List<ComponentHealth> components) {

    public static final String LOW = "low";
    public static final String MEDIUM = "medium";
    public static final String HIGH = "high";
    public static final String NONE = "none";

    /**
     * One component.
     *
     * @param score 0–100
     * @param probability of failure within the horizon
     * @param expectedAtMs when the failure is expected (a threshold crossing, an escalation), or
     *     null when none is in sight
     * @param evidence the drivers behind the probability
     */
    public record ComponentHealth(
            String component,
            int score,
            double probability,
            Long expectedAtMs,
            List<Evidence> evidence) {}

    /**
     * A driver: a metric's current value, its trend, and the threshold it is measured against.
     *
     * @param trendPerDay change per day (Theil–Sen), or null when the driver is not a trend
     */
    public record Evidence(String metric, double value, Double trendPerDay, double threshold) {}
}
