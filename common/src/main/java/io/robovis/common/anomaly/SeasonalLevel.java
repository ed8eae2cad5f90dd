package io.robovis.common.anomaly;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A telemetry metric's normal level for each hour of the day (UTC) and each of the robot's two
 * contexts (at work: the bucket holds session activity; at rest: it does not), learnt from the
 * robot's own five-minute means: an exponentially weighted mean and mean absolute deviation per
 * hour and context, which forget with a horizon of about a week of that hour. A robot at work runs
 * warmer and busier than at rest; one normal level for both would flag every session at a quiet
 * hour, or miss an overheating motor at rest during the busy hours.
 *
 * <p>A new mean is scored against its own hour and the two next to it, and the least surprising of
 * the three counts: the daily rhythm is known to within an hour (a session that runs a few minutes
 * past the busy hours is not an anomaly). Values that are themselves anomalous are clipped to the
 * warning band before they are learnt, so that one episode does not become the new normal at once.
 */
final class SeasonalLevel {

    static final int HOURS = 24;
    static final int SLOTS = 2 * HOURS;

    /** A week of one hour of the day, in five-minute means. */
    static final int MEMORY = 12 * 7;

    /** Means an hour and context must have learnt before they are used: a day of that hour. */
    static final int MIN_LEARNT = 12;

    private final float[] mean = new float[SLOTS];
    private final float[] deviation = new float[SLOTS];
    private final short[] learnt = new short[SLOTS];

    static int slot(int hour, boolean atWork) {
        return (atWork ? HOURS : 0) + Math.floorMod(hour, HOURS);
    }

    /**
     * The score of {@code value} at this hour and context, or null while no hour near it has learnt
     * enough: the least surprising of the hour's and its neighbours', and the hour's own (null
     * while it has not learnt enough).
     */
    Score score(int hour, boolean atWork, double value) {
        Score best = null;
        Double own = null;
        for (int h = hour - 1; h <= hour + 1; h++) {
            int slot = slot(h, atWork);
            if (learnt[slot] < MIN_LEARNT) {
                continue;
            }
            double z = (value - mean[slot]) / spread(slot);
            if (h == hour) {
                own = z;
            }
            if (best == null || Math.abs(z) < Math.abs(best.z())) {
                best = new Score(z, value, mean[slot], null);
            }
        }
        return best == null ? null : new Score(best.z(), value, best.baseline(), own);
    }

    /**
     * The spread of one hour: its mean absolute deviation scaled to a standard deviation, never
     * under 1 unit or 5 % of the level (a metric that hardly moves would else alarm on noise).
     */
    private double spread(int slot) {
        return Math.max(1.25 * deviation[slot], Math.max(1.0, 0.05 * Math.abs(mean[slot])));
    }

    /** Learns one five-minute mean of this hour and context. */
    void learn(int hour, boolean atWork, double value) {
        int slot = slot(hour, atWork);
        int n = learnt[slot];
        if (n >= MIN_LEARNT) {
            double band = AnomalyThresholds.WARNING * spread(slot);
            value = Math.max(mean[slot] - band, Math.min(mean[slot] + band, value));
        }
        double alpha = 1.0 / Math.min(n + 1, MEMORY);
        double before = mean[slot];
        mean[slot] = (float) (before + alpha * (value - before));
        if (n > 0) {
            deviation[slot] =
                    (float)
                            (deviation[slot]
                                    + alpha * (Math.abs(value - before) - deviation[slot]));
        }
        if (n < Short.MAX_VALUE) {
            learnt[slot] = (short) (n + 1);
        }
    }

    /**
     * A score, the value scored and the baseline it was scored against.
     *
     * @param ownZ for a level, the score against its own hour alone, which keeps an open episode
     *     going: the hour's tolerance helps to not open one at the edge of the busy hours, not to
     *     close one there (a level shift would else end and start again at each edge); else null
     */
    record Score(double z, double value, double baseline, Double ownZ) {

        Score(double z, double value, double baseline) {
            this(z, value, baseline, null);
        }

        /** The score that keeps an open episode going. */
        double ongoingZ() {
            return ownZ == null ? z : ownZ;
        }
    }

    void write(DataOutput out) throws IOException {
        for (int h = 0; h < SLOTS; h++) {
            out.writeFloat(mean[h]);
            out.writeFloat(deviation[h]);
            out.writeShort(learnt[h]);
        }
    }

    static SeasonalLevel read(DataInput in) throws IOException {
        SeasonalLevel level = new SeasonalLevel();
        for (int h = 0; h < SLOTS; h++) {
            level.mean[h] = in.readFloat();
            level.deviation[h] = in.readFloat();
            level.learnt[h] = in.readShort();
        }
        return level;
    }
}
