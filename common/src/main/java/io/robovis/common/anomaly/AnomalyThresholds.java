package io.robovis.common.anomaly;

/** The detector's documented constants (docs/models.md, "Anomalies"). */
public final class AnomalyThresholds {

    /** Width of the time buckets a robot's events are summed in. */
    public static final long BUCKET_MS = 300_000L;

    /**
     * A telemetry level's |score| (a robust z) from which a bucket is anomalous: opens or extends
     * an episode.
     */
    public static final double WARNING = 4.0;

    /** A level's |score| from which an episode is critical and emits its one anomaly.critical. */
    public static final double CRITICAL = 5.0;

    /**
     * The same for a rate (errors, feature failures), whose score is an exact Poisson tail turned
     * into a z: 3.5 is a tail of 2.3e-4, 4.25 one of 1e-5. A count's tail is exact where a level's
     * z rests on a robust spread of data with heavier tails than a normal's, hence lower thresholds
     * for the same rarity; a feature used ten times a day could else never be critical.
     */
    public static final double RATE_WARNING = 3.5;

    public static final double RATE_CRITICAL = 4.25;

    /**
     * A level's episode ends after this many buckets in a row below the warning score (30 minutes).
     */
    public static final int QUIET_BUCKETS = 6;

    /**
     * A rate's episode ends after an hour of quiet buckets: errors come in clusters, and a
     * component that keeps failing every half hour is one episode, not one an hour.
     */
    public static final int RATE_QUIET_BUCKETS = 12;

    /** No score before the robot has sent this much history (per signal, see each baseline). */
    public static final long MIN_HISTORY_MS = 3 * 86_400_000L;

    /** Events older than the robot's open bucket by more than this are left out of detection. */
    public static final long MAX_LATE_MS = 3_600_000L;

    private AnomalyThresholds() {}
}
