package io.robovis.common.health;

import java.util.Map;

/**
 * What one robot did in one hour, as the health model reads it: never raw events.
 *
 * @param hourMs the start of the hour (epoch ms, UTC)
 * @param metrics telemetry per metric name: count, sum, min, max of the readings
 * @param errors error events per component: all of them and the critical ones
 * @param featureUses feature_used events
 * @param featureFailures feature_used events with outcome failure or abandoned
 * @param events every event of the hour
 */
public record HourlyRollup(
        long hourMs,
        Map<String, Stat> metrics,
        Map<String, ErrorCount> errors,
        int featureUses,
        int featureFailures,
        int events) {

    public static final long HOUR_MS = 3_600_000L;

    /** Count, sum, minimum and maximum of a metric's readings. */
    public record Stat(long n, double sum, double min, double max) {
        public double mean() {
            return n == 0 ? Double.NaN : sum / n;
        }

        public Stat plus(Stat other) {
            return new Stat(
                    n + other.n,
                    sum + other.sum,
                    Math.min(min, other.min),
                    Math.max(max, other.max));
        }
    }

    /** Error events of one component. */
    public record ErrorCount(int total, int critical) {
        public ErrorCount plus(ErrorCount other) {
            return new ErrorCount(total + other.total, critical + other.critical);
        }
    }
}
