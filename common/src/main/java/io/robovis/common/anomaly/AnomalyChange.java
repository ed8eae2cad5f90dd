package io.robovis.common.anomaly;

/**
 * An episode that opened, became critical or ended in the bucket that just closed.
 *
 * @param anomaly the episode as it stands after the bucket
 * @param critical when it became critical in this bucket: the value, baseline and score of that
 *     bucket (what anomaly.critical carries); else null
 */
public record AnomalyChange(Anomaly anomaly, Crossing critical) {

    /** The bucket in which an episode reached the critical score. */
    public record Crossing(long atMs, double value, double baseline, double score) {}
}
