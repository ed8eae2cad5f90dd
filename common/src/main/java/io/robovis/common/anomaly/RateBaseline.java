package io.robovis.common.anomaly;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * How often something happens per unit of exposure: errors of one component per five-minute bucket,
 * or failures of one feature per use. A recent count, exponentially decayed, is scored as a tail
 * (Poisson over time, binomial over uses) under the robot's own long-run rate, plus a weak prior so
 * that a robot that never failed does not alarm on its first failure.
 *
 * <p>The long-run rate learns late and only from normal times: counts wait in half-day blocks and
 * join it when their block is 12 to 24 hours old, unless the signal was anomalous during the block.
 * A feature used ten times a day would else have the first failures of a spike in the rate they are
 * compared with (six early failures double it) and never look critical.
 */
final class RateBaseline {

    /**
     * The parameters of one kind of rate.
     *
     * @param perUse the exposure counts trials (uses, of which the events are the failures): a
     *     binomial tail; else time: a Poisson tail
     * @param shortHalfLife the half-life, in buckets, of the short recent window
     * @param longHalfLife the same of the long one; the score is the larger of the two windows'
     */
    record Kind(
            boolean perUse,
            double shortHalfLife,
            double longHalfLife,
            double priorRate,
            double priorExposure,
            double minExposure,
            int minEvents) {

        /**
         * Errors of one component, per bucket: recent = the last ~10 minutes (one window: a longer
         * one would keep a burst's episode open for hours after it).
         */
        static final Kind ERRORS = new Kind(false, 2, 2, 1.0 / 288, 2 * 288, 288, 3);

        /**
         * Failures of one feature, per use: recent = the last few hours of use (a sharp spike), or
         * about the last day (a feature used a few times a day).
         */
        static final Kind FAILURES = new Kind(true, 36, 288, 0.05, 20, 30, 4);
    }

    /** The long-run sums forget with a half-life of a week of the robot's buckets. */
    static final double LONG_RUN_DECAY = Math.pow(0.5, 1 / (7 * 288.0));

    /** Buckets in a waiting block: half a day. */
    static final int BLOCK_BUCKETS = 144;

    private double events;
    private double exposure;
    private final double[] recentEvents = new double[2]; // the short window, the long one
    private final double[] recentExposure = new double[2];
    // waiting counts: [0] the block being filled, [1] the one before
    private final double[] blockEvents = new double[2];
    private final double[] blockExposure = new double[2];
    private final boolean[] blockAnomalous = new boolean[2];
    private int blockBuckets;

    RateBaseline() {}

    /**
     * A rate first seen now, over exposure the robot already had: a component that never failed in
     * a week of buckets has a week of exposure, not none.
     */
    RateBaseline(double exposure) {
        this.exposure = exposure;
    }

    /**
     * Adds a closed bucket's counts, {@code buckets} after the previous one: to the recent sums
     * (decayed by the time between) and to the waiting block.
     */
    void observe(Kind kind, int buckets, double newEvents, double newExposure) {
        for (int w = 0; w < 2; w++) {
            double decay = recentDecay(kind, w, buckets);
            recentEvents[w] = recentEvents[w] * decay + newEvents;
            recentExposure[w] = recentExposure[w] * decay + newExposure;
        }
        blockEvents[0] += newEvents;
        blockExposure[0] += newExposure;
        if (++blockBuckets >= BLOCK_BUCKETS) {
            double longRunDecay = Math.pow(LONG_RUN_DECAY, blockBuckets);
            events *= longRunDecay;
            exposure *= longRunDecay;
            if (!blockAnomalous[1]) {
                events += blockEvents[1];
                exposure += blockExposure[1];
            }
            blockEvents[1] = blockEvents[0];
            blockExposure[1] = blockExposure[0];
            blockAnomalous[1] = blockAnomalous[0];
            blockEvents[0] = 0;
            blockExposure[0] = 0;
            blockAnomalous[0] = false;
            blockBuckets = 0;
        }
    }

    /** Keeps the block being filled out of the long-run rate. */
    void anomalous() {
        blockAnomalous[0] = true;
    }

    /**
     * The recent counts' score under the long-run rate (the more surprising of the two windows), or
     * null before enough exposure.
     */
    SeasonalLevel.Score score(Kind kind) {
        return score(kind, recentEvents, recentExposure);
    }

    /**
     * The score the recent counts would have with a bucket's counts so far added, {@code buckets}
     * after the last one: nothing is learnt.
     */
    SeasonalLevel.Score peek(Kind kind, int buckets, double newEvents, double newExposure) {
        double[] events = new double[2];
        double[] exposures = new double[2];
        for (int w = 0; w < 2; w++) {
            double decay = recentDecay(kind, w, buckets);
            events[w] = recentEvents[w] * decay + newEvents;
            exposures[w] = recentExposure[w] * decay + newExposure;
        }
        return score(kind, events, exposures);
    }

    /** What the recent window {@code w} keeps of its sums after {@code buckets} of time. */
    private static double recentDecay(Kind kind, int w, int buckets) {
        return Math.pow(0.5, buckets / (w == 0 ? kind.shortHalfLife() : kind.longHalfLife()));
    }

    private SeasonalLevel.Score score(Kind kind, double[] events, double[] exposures) {
        if (exposure < kind.minExposure()) {
            return null;
        }
        double rate = rate(kind);
        SeasonalLevel.Score best = null;
        for (int w = 0; w < 2; w++) {
            if (exposures[w] <= 0) {
                continue;
            }
            int k = (int) Math.round(events[w]);
            double logTail =
                    kind.perUse()
                            ? Tails.logBinomialUpper(
                                    k, (int) Math.round(Math.max(exposures[w], k)), rate)
                            : Tails.logPoissonUpper(k, exposures[w] * rate);
            double z = k < kind.minEvents() ? 0 : Tails.zOfLogTail(logTail);
            if (best == null || z > best.z()) {
                best = new SeasonalLevel.Score(z, events[w] / exposures[w], rate);
            }
        }
        return best;
    }

    /** The long-run rate, with the prior. */
    double rate(Kind kind) {
        return (events + kind.priorRate() * kind.priorExposure())
                / (exposure + kind.priorExposure());
    }

    void write(DataOutput out) throws IOException {
        out.writeFloat((float) events);
        out.writeFloat((float) exposure);
        for (int i = 0; i < 2; i++) {
            out.writeFloat((float) recentEvents[i]);
            out.writeFloat((float) recentExposure[i]);
            out.writeFloat((float) blockEvents[i]);
            out.writeFloat((float) blockExposure[i]);
            out.writeBoolean(blockAnomalous[i]);
        }
        out.writeShort(blockBuckets);
    }

    static RateBaseline read(DataInput in) throws IOException {
        RateBaseline rate = new RateBaseline();
        rate.events = in.readFloat();
        rate.exposure = in.readFloat();
        for (int i = 0; i < 2; i++) {
            rate.recentEvents[i] = in.readFloat();
            rate.recentExposure[i] = in.readFloat();
            rate.blockEvents[i] = in.readFloat();
            rate.blockExposure[i] = in.readFloat();
            rate.blockAnomalous[i] = in.readBoolean();
        }
        rate.blockBuckets = in.readShort();
        return rate;
    }
}
