package io.robovis.common.anomaly;

/**
 * One episode of one robot's signal, as it stands: consecutive anomalous buckets of that signal,
 * from the start of the first to the end of the last (null while it lasts). The value, baseline and
 * score are those of its most anomalous bucket so far.
 *
 * @param signal a metric name, {@code change:<metric>}, {@code errors:<component>} or {@code
 *     feature_failures:<feature>}
 * @param severity warning, or critical once the score reached the critical threshold
 * @param criticalAtMs the end of the bucket in which it became critical, or null
 */
public record Anomaly(
        String anomalyId,
        String robotId,
        String signal,
        String severity,
        long startedMs,
        Long endedMs,
        Long criticalAtMs,
        double value,
        double baseline,
        double score) {

    public static final String WARNING = "warning";
    public static final String CRITICAL = "critical";

    /**
     * What the signal's value and baseline are measured in: the metric's own unit, errors per hour,
     * or percent of uses that failed.
     */
    public String unit() {
        if (signal.startsWith(RobotDetector.ERRORS)) {
            return "errors_per_hour";
        }
        if (signal.startsWith(RobotDetector.FAILURES)) {
            return "failure_rate_pct";
        }
        if (signal.startsWith(RobotDetector.CHANGE)) {
            return "change_per_5_minutes";
        }
        return "metric";
    }
}
