package io.robovis.common.anomaly;

import static io.robovis.common.anomaly.AnomalyThresholds.BUCKET_MS;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Streaming anomaly detection for one robot, fed its events in the order they arrive. Events are
 * summed in five-minute buckets of their own time; when an event of a later bucket arrives, the
 * open bucket closes and each signal is scored against the robot's own baseline:
 *
 * <ul>
 *   <li>each telemetry metric's mean, against its level at that hour of the day ({@link
 *       SeasonalLevel});
 *   <li>errors per component, and failures per use of each feature, as Poisson surprises of their
 *       recent counts under the robot's long-run rates ({@link RateBaseline}).
 * </ul>
 *
 * Anomalous buckets of one signal ({@code |score| ≥} {@link AnomalyThresholds#WARNING}) form an
 * episode, which ends after {@link AnomalyThresholds#QUIET_BUCKETS} quiet buckets; it becomes
 * critical once, at its first bucket {@code ≥} {@link AnomalyThresholds#CRITICAL}. Nothing is
 * scored before {@link AnomalyThresholds#MIN_HISTORY_MS} of the robot's history. A robot that sends
 * nothing has no buckets: silence is presence's business. The state is a few kilobytes and is
 * written with {@link #toBytes()} where it must survive the process.
 */
public final class RobotDetector {

    static final String ERRORS = "errors:";
    static final String FAILURES = "feature_failures:";

    static final String CHANGE = "change:";

    /** Counters only grow; their level says nothing about an anomaly. */
    static final Set<String> COUNTERS = Set.of("battery_cycles", "odometer_m");

    /**
     * Levels that integrate the robot's use (a charge): their level follows the day's use and
     * charging, their anomaly is a sudden change, so they are scored on their change from one
     * bucket to the next.
     */
    static final Set<String> CHARGES = Set.of("battery_pct");

    /** Event types of a robot at work (in a session with someone), besides an active status. */
    static final Set<String> AT_WORK =
            Set.of("session_started", "session_ended", "journey_step", "feature_used");

    /** Bounds on what one robot's state holds; names beyond them are not tracked. */
    static final int MAX_METRICS = 16;

    static final int MAX_COMPONENTS = 16;
    static final int MAX_FEATURES = 24;

    /** Telemetry points of a metric an open bucket needs before it is scored early. */
    static final int MIN_EARLY_POINTS = 2;

    /**
     * The score from which a level's partial bucket alarms before it closes: the mean of two or
     * three points is noisier than the five-minute means the spread was learnt on, so it must be
     * half as surprising again as a closed bucket must. (A rate's counts are exact as they come.)
     */
    static final double EARLY_LEVEL_CRITICAL = 1.5 * AnomalyThresholds.CRITICAL;

    private static final byte FORMAT = 2;

    private final String robotId;
    private long firstMs = -1;
    private long openMs = -1;
    private long lastClosedMs = -1;
    private double observed; // buckets observed, decayed like the long-run rates

    private boolean active; // the last status said active

    // the open bucket
    private boolean atWork;
    private final Map<String, double[]> sums = new TreeMap<>(); // metric: n, sum
    private final Map<String, int[]> errors = new TreeMap<>(); // component: count
    private final Map<String, int[]> uses = new TreeMap<>(); // feature: uses, failures

    // what the robot has learnt
    private final Map<String, SeasonalLevel> levels = new TreeMap<>();
    private final Map<String, Double> previous = new TreeMap<>(); // charges: the last mean
    private final Map<String, RateBaseline> errorRates = new TreeMap<>();
    private final Map<String, RateBaseline> failureRates = new TreeMap<>();
    private final Map<String, Episode> episodes = new TreeMap<>();

    public RobotDetector(String robotId) {
        this.robotId = robotId;
    }

    /**
     * The fields of an event the detector reads.
     *
     * @param metrics a telemetry event's numeric metrics (else empty)
     * @param component an error's component
     * @param feature a feature use's feature
     * @param outcome a feature use's outcome
     * @param state a status event's state (active, idle, charging…)
     */
    public record Event(
            long tsMs,
            String type,
            Map<String, Double> metrics,
            String component,
            String feature,
            String outcome,
            String state) {}

    /**
     * One event. Telemetry adds its metrics, an error counts for its component, a feature use
     * counts as a use and, when its outcome is failure, as a failure, a status says whether the
     * robot is at work; every event keeps the robot's clock moving.
     *
     * @return the episodes that opened, became critical or ended in the bucket this event closed
     */
    public List<AnomalyChange> event(Event event) {
        long tsMs = event.tsMs();
        String type = event.type();
        long bucket = tsMs - Math.floorMod(tsMs, BUCKET_MS);
        List<AnomalyChange> changes = List.of();
        if (openMs < 0) {
            openMs = bucket;
            firstMs = bucket;
        } else if (bucket > openMs) {
            changes = close();
            openMs = bucket;
        } else if (tsMs < openMs - AnomalyThresholds.MAX_LATE_MS) {
            return changes; // too late to count in a bucket: the baseline is built on time order
        }
        if ("status".equals(type)) {
            active = "active".equals(event.state());
        }
        atWork |= active || AT_WORK.contains(type);
        switch (type) {
            case "telemetry" ->
                    event.metrics()
                            .forEach(
                                    (name, v) -> {
                                        if (!COUNTERS.contains(name) && Double.isFinite(v)) {
                                            double[] s =
                                                    tracked(sums, levels, name, MAX_METRICS, 2);
                                            if (s != null) {
                                                s[0]++;
                                                s[1] += v;
                                            }
                                        }
                                    });
            case "error" -> {
                String c =
                        event.component() == null || event.component().isEmpty()
                                ? "unknown"
                                : event.component();
                int[] n = tracked(errors, errorRates, c, MAX_COMPONENTS);
                if (n != null) {
                    n[0]++;
                }
            }
            case "feature_used" -> {
                if (event.feature() != null) {
                    int[] n = tracked(uses, failureRates, event.feature(), MAX_FEATURES);
                    if (n != null) {
                        n[0]++;
                        n[1] += "failure".equals(event.outcome()) ? 1 : 0;
                    }
                }
            }
            default -> {}
        }
        List<AnomalyChange> early = early(event);
        if (early.isEmpty()) {
            return changes;
        }
        List<AnomalyChange> all = new ArrayList<>(changes);
        all.addAll(early);
        return all;
    }

    /**
     * The open bucket's signals this event touched, scored on what the bucket holds so far: a
     * critical score opens the episode if need be and makes it critical at once, so that an alarm
     * does not wait for the bucket to close (up to five minutes). Nothing is learnt here, and
     * nothing less than critical acts before the bucket closes.
     */
    private List<AnomalyChange> early(Event event) {
        if (openMs - firstMs < AnomalyThresholds.MIN_HISTORY_MS) {
            return List.of();
        }
        List<AnomalyChange> changes = new ArrayList<>(0);
        int hour = (int) Math.floorMod(openMs / 3_600_000L, 24L);
        int elapsed =
                lastClosedMs < 0 ? 1 : (int) Math.min(10_000, (openMs - lastClosedMs) / BUCKET_MS);
        switch (event.type()) {
            case "telemetry" -> {
                for (String name : event.metrics().keySet()) {
                    double[] s = sums.get(name);
                    if (s == null || s[0] < MIN_EARLY_POINTS) {
                        continue;
                    }
                    double value = s[1] / s[0];
                    String signal = name;
                    if (CHARGES.contains(name)) {
                        Double before = previous.get(name);
                        if (before == null || elapsed != 1) {
                            continue;
                        }
                        signal = CHANGE + name;
                        value -= before;
                    }
                    SeasonalLevel level = levels.get(signal);
                    if (level != null) {
                        escalate(
                                signal,
                                level.score(hour, atWork, value),
                                EARLY_LEVEL_CRITICAL,
                                event.tsMs(),
                                changes);
                    }
                }
            }
            case "error" -> {
                String c =
                        event.component() == null || event.component().isEmpty()
                                ? "unknown"
                                : event.component();
                int[] n = errors.get(c);
                if (n != null) {
                    RateBaseline rate = errorRates.getOrDefault(c, new RateBaseline(observed));
                    escalate(
                            ERRORS + c,
                            perHour(rate.peek(RateBaseline.Kind.ERRORS, elapsed, n[0], 1)),
                            AnomalyThresholds.RATE_CRITICAL,
                            event.tsMs(),
                            changes);
                }
            }
            case "feature_used" -> {
                int[] n = event.feature() == null ? null : uses.get(event.feature());
                RateBaseline rate = n == null ? null : failureRates.get(event.feature());
                if (rate != null) {
                    escalate(
                            FAILURES + event.feature(),
                            percent(rate.peek(RateBaseline.Kind.FAILURES, elapsed, n[1], n[0])),
                            AnomalyThresholds.RATE_CRITICAL,
                            event.tsMs(),
                            changes);
                }
            }
            default -> {}
        }
        return changes;
    }

    private void escalate(
            String signal,
            SeasonalLevel.Score score,
            double critical,
            long atMs,
            List<AnomalyChange> changes) {
        if (score == null || Math.abs(score.z()) < critical) {
            return;
        }
        Episode episode = episodes.get(signal);
        if (episode != null && episode.criticalAtMs >= 0) {
            return;
        }
        if (episode == null) {
            episode = new Episode(id(signal, openMs), signal, openMs);
            episodes.put(signal, episode);
        }
        episode.quiet = 0;
        episode.lastEndMs = Math.max(episode.lastEndMs, openMs + BUCKET_MS);
        if (Math.abs(score.z()) > Math.abs(episode.score)) {
            episode.score = score.z();
            episode.value = score.value();
            episode.baseline = score.baseline();
        }
        episode.criticalAtMs = atMs;
        changes.add(
                new AnomalyChange(
                        episode.view(robotId, false),
                        new AnomalyChange.Crossing(
                                atMs,
                                round(score.value()),
                                round(score.baseline()),
                                round(score.z()))));
    }

    private static double[] tracked(
            Map<String, double[]> open, Map<String, ?> known, String name, int max, int width) {
        if (!open.containsKey(name) && !known.containsKey(name) && known.size() >= max) {
            return null;
        }
        return open.computeIfAbsent(name, k -> new double[width]);
    }

    private static int[] tracked(
            Map<String, int[]> open, Map<String, ?> known, String name, int max) {
        if (!open.containsKey(name) && !known.containsKey(name) && known.size() >= max) {
            return null;
        }
        return open.computeIfAbsent(name, k -> new int[2]);
    }

    /** Scores and learns the open bucket, then empties it. */
    private List<AnomalyChange> close() {
        long bucket = openMs;
        boolean scoring = bucket - firstMs >= AnomalyThresholds.MIN_HISTORY_MS;
        int elapsed =
                lastClosedMs < 0 ? 1 : (int) Math.min(10_000, (bucket - lastClosedMs) / BUCKET_MS);
        int hour = (int) Math.floorMod(bucket / 3_600_000L, 24L);
        List<AnomalyChange> changes = new ArrayList<>();
        Set<String> scored = new TreeSet<>();

        sums.forEach(
                (name, s) -> {
                    double mean = s[1] / s[0];
                    String signal = name;
                    double value = mean;
                    if (CHARGES.contains(name)) {
                        Double before = previous.put(name, mean);
                        if (before == null || elapsed != 1) {
                            return; // a change needs the bucket just before
                        }
                        signal = CHANGE + name;
                        value = mean - before;
                    }
                    SeasonalLevel level = levels.computeIfAbsent(signal, k -> new SeasonalLevel());
                    SeasonalLevel.Score score = scoring ? level.score(hour, atWork, value) : null;
                    level.learn(hour, atWork, value);
                    scored.add(signal);
                    if (score != null || !episodes.containsKey(signal)) {
                        // a value this context cannot score yet neither extends nor quiets an
                        // episode (a robot at work at an hour it seldom works)
                        track(signal, score, false, bucket, changes);
                    }
                });
        observed = observed * RateBaseline.LONG_RUN_DECAY + 1;
        for (String c : union(errors.keySet(), errorRates.keySet())) {
            int[] n = errors.getOrDefault(c, new int[2]);
            RateBaseline rate = errorRates.computeIfAbsent(c, k -> new RateBaseline(observed));
            rate.observe(RateBaseline.Kind.ERRORS, elapsed, n[0], 1);
            SeasonalLevel.Score score = scoring ? rate.score(RateBaseline.Kind.ERRORS) : null;
            if (score != null && score.z() >= AnomalyThresholds.RATE_WARNING) {
                rate.anomalous();
            }
            scored.add(ERRORS + c);
            track(ERRORS + c, perHour(score), true, bucket, changes);
        }
        for (String f : union(uses.keySet(), failureRates.keySet())) {
            int[] n = uses.getOrDefault(f, new int[2]);
            RateBaseline rate = failureRates.computeIfAbsent(f, k -> new RateBaseline());
            rate.observe(RateBaseline.Kind.FAILURES, elapsed, n[1], n[0]);
            SeasonalLevel.Score score = scoring ? rate.score(RateBaseline.Kind.FAILURES) : null;
            if (score != null && score.z() >= AnomalyThresholds.RATE_WARNING) {
                rate.anomalous();
            }
            scored.add(FAILURES + f);
            if (n[0] > 0 || !episodes.containsKey(FAILURES + f)) {
                // a bucket without a use says nothing new: it neither extends nor quiets an
                // episode (a feature failing every day is one episode, not one a day)
                track(FAILURES + f, percent(score), true, bucket, changes);
            }
        }
        // an episode whose signal was not in this bucket has a quiet bucket
        for (String signal : new ArrayList<>(episodes.keySet())) {
            if (!scored.contains(signal)) {
                track(signal, null, isRate(signal), bucket, changes);
            }
        }
        atWork = active;
        sums.clear();
        errors.clear();
        uses.clear();
        lastClosedMs = bucket;
        return changes;
    }

    private void track(
            String signal,
            SeasonalLevel.Score score,
            boolean rate,
            long bucket,
            List<AnomalyChange> changes) {
        Episode episode = episodes.get(signal);
        long end = bucket + BUCKET_MS;
        double warning = rate ? AnomalyThresholds.RATE_WARNING : AnomalyThresholds.WARNING;
        double critical = rate ? AnomalyThresholds.RATE_CRITICAL : AnomalyThresholds.CRITICAL;
        boolean anomalous =
                score != null
                        && Math.abs(episode == null ? score.z() : score.ongoingZ()) >= warning;
        if (anomalous) {
            boolean opened = episode == null;
            if (opened) {
                episode = new Episode(id(signal, bucket), signal, bucket);
                episodes.put(signal, episode);
            }
            episode.quiet = 0;
            episode.lastEndMs = end;
            if (Math.abs(score.z()) > Math.abs(episode.score)) {
                episode.score = score.z();
                episode.value = score.value();
                episode.baseline = score.baseline();
            }
            AnomalyChange.Crossing crossing = null;
            if (episode.criticalAtMs < 0 && Math.abs(score.z()) >= critical) {
                episode.criticalAtMs = end;
                crossing =
                        new AnomalyChange.Crossing(
                                end,
                                round(score.value()),
                                round(score.baseline()),
                                round(score.z()));
            }
            if (opened || crossing != null) {
                changes.add(new AnomalyChange(episode.view(robotId, false), crossing));
            }
        } else if (episode != null
                && ++episode.quiet
                        >= (rate
                                ? AnomalyThresholds.RATE_QUIET_BUCKETS
                                : AnomalyThresholds.QUIET_BUCKETS)) {
            episodes.remove(signal);
            changes.add(new AnomalyChange(episode.view(robotId, true), null));
        }
    }

    private static boolean isRate(String signal) {
        return signal.startsWith(ERRORS) || signal.startsWith(FAILURES);
    }

    private static SeasonalLevel.Score perHour(SeasonalLevel.Score s) {
        return s == null
                ? null
                : new SeasonalLevel.Score(
                        s.z(),
                        s.value() * 3_600_000 / BUCKET_MS,
                        s.baseline() * 3_600_000 / BUCKET_MS);
    }

    private static SeasonalLevel.Score percent(SeasonalLevel.Score s) {
        return s == null
                ? null
                : new SeasonalLevel.Score(s.z(), 100 * s.value(), 100 * s.baseline());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** The same robot, signal and start always give the same id, whichever instance sees it. */
    private String id(String signal, long startedMs) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(
                                    (robotId + '|' + signal + '|' + startedMs)
                                            .getBytes(StandardCharsets.UTF_8));
            return "an_" + HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The episodes open now. */
    public List<Anomaly> open() {
        return episodes.values().stream().map(e -> e.view(robotId, false)).toList();
    }

    private static final class Episode {
        final String id;
        final String signal;
        final long startedMs;
        long lastEndMs;
        long criticalAtMs = -1;
        int quiet;
        double score;
        double value;
        double baseline;

        Episode(String id, String signal, long startedMs) {
            this.id = id;
            this.signal = signal;
            this.startedMs = startedMs;
        }

        Anomaly view(String robotId, boolean ended) {
            return new Anomaly(
                    id,
                    robotId,
                    signal,
                    criticalAtMs >= 0 ? Anomaly.CRITICAL : Anomaly.WARNING,
                    startedMs,
                    ended ? lastEndMs : null,
                    criticalAtMs >= 0 ? criticalAtMs : null,
                    round(value),
                    round(baseline),
                    round(score));
        }

        void write(DataOutput out) throws IOException {
            out.writeUTF(id);
            out.writeUTF(signal);
            out.writeLong(startedMs);
            out.writeLong(lastEndMs);
            out.writeLong(criticalAtMs);
            out.writeShort(quiet);
            out.writeDouble(score);
            out.writeDouble(value);
            out.writeDouble(baseline);
        }

        static Episode read(DataInput in) throws IOException {
            Episode e = new Episode(in.readUTF(), in.readUTF(), in.readLong());
            e.lastEndMs = in.readLong();
            e.criticalAtMs = in.readLong();
            e.quiet = in.readShort();
            e.score = in.readDouble();
            e.value = in.readDouble();
            e.baseline = in.readDouble();
            return e;
        }
    }

    /** The whole state, to store where it must survive restarts and rebalances. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(firstMs);
            out.writeLong(openMs);
            out.writeLong(lastClosedMs);
            out.writeDouble(observed);
            out.writeBoolean(atWork);
            out.writeBoolean(active);
            out.writeShort(sums.size());
            for (Map.Entry<String, double[]> e : sums.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeDouble(e.getValue()[0]);
                out.writeDouble(e.getValue()[1]);
            }
            writeCounts(out, errors);
            writeCounts(out, uses);
            out.writeShort(levels.size());
            for (Map.Entry<String, SeasonalLevel> e : levels.entrySet()) {
                out.writeUTF(e.getKey());
                e.getValue().write(out);
            }
            out.writeShort(previous.size());
            for (Map.Entry<String, Double> e : previous.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeDouble(e.getValue());
            }
            writeRates(out, errorRates);
            writeRates(out, failureRates);
            out.writeShort(episodes.size());
            for (Episode e : episodes.values()) {
                e.write(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads what {@link #toBytes()} wrote; an unreadable state starts afresh. */
    public static RobotDetector fromBytes(String robotId, byte[] state) {
        RobotDetector d = new RobotDetector(robotId);
        if (state == null || state.length == 0 || state[0] != FORMAT) {
            return d;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            in.readByte();
            d.firstMs = in.readLong();
            d.openMs = in.readLong();
            d.lastClosedMs = in.readLong();
            d.observed = in.readDouble();
            d.atWork = in.readBoolean();
            d.active = in.readBoolean();
            for (int i = in.readShort(); i > 0; i--) {
                d.sums.put(in.readUTF(), new double[] {in.readDouble(), in.readDouble()});
            }
            readCounts(in, d.errors);
            readCounts(in, d.uses);
            for (int i = in.readShort(); i > 0; i--) {
                d.levels.put(in.readUTF(), SeasonalLevel.read(in));
            }
            for (int i = in.readShort(); i > 0; i--) {
                d.previous.put(in.readUTF(), in.readDouble());
            }
            readRates(in, d.errorRates);
            readRates(in, d.failureRates);
            for (int i = in.readShort(); i > 0; i--) {
                Episode e = Episode.read(in);
                d.episodes.put(e.signal, e);
            }
            return d;
        } catch (IOException e) {
            return new RobotDetector(robotId);
        }
    }

    private static void writeCounts(DataOutput out, Map<String, int[]> counts) throws IOException {
        out.writeShort(counts.size());
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue()[0]);
            out.writeInt(e.getValue()[1]);
        }
    }

    private static void readCounts(DataInput in, Map<String, int[]> counts) throws IOException {
        for (int i = in.readShort(); i > 0; i--) {
            counts.put(in.readUTF(), new int[] {in.readInt(), in.readInt()});
        }
    }

    private static void writeRates(DataOutput out, Map<String, RateBaseline> rates)
            throws IOException {
        out.writeShort(rates.size());
        for (Map.Entry<String, RateBaseline> e : rates.entrySet()) {
            out.writeUTF(e.getKey());
            e.getValue().write(out);
        }
    }

    private static void readRates(DataInput in, Map<String, RateBaseline> rates)
            throws IOException {
        for (int i = in.readShort(); i > 0; i--) {
            rates.put(in.readUTF(), RateBaseline.read(in));
        }
    }
}
