package io.robovis.common.health;

import io.robovis.common.health.HourlyRollup.ErrorCount;
import io.robovis.common.health.HourlyRollup.Stat;
import io.robovis.common.health.RobotHealth.ComponentHealth;
import io.robovis.common.health.RobotHealth.Evidence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The health score and failure predictions of one robot, computed from its hourly rollups up to a
 * point in time (never later data). Every formula, threshold and rule is in docs/models.md; the
 * numbers here are the ones it documents.
 */
public final class HealthModel {

    public static final int HORIZON_DAYS = 14;
    static final long DAY_MS = 86_400_000L;

    /** Trends are read over the last week. */
    static final int TREND_DAYS = 7;

    static final double BATTERY_FAILED_PCT = 70;
    static final double BATTERY_GOOD_PCT = 95;
    static final double MOTOR_FAILED_C = 90;
    static final double MOTOR_GOOD_C = 55;
    static final double CPU_FAILED_C = 85;
    static final double CPU_GOOD_C = 62;
    static final double WIFI_FAILED_DBM = -80;
    static final double WIFI_GOOD_DBM = -55;

    /** Errors of one component in 24 h that make a burst (with a Poisson tail below BURST_P). */
    static final int BURST_MIN_ERRORS = 5;

    static final double BURST_P = 1e-4;
    static final double BASELINE_FLOOR_PER_DAY = 0.5;
    static final double ESCALATION_DAYS = 3;

    /** Probability thresholds of the risk levels; high is left only below HIGH_EXIT. */
    public static final double HIGH_ENTER = 0.7;

    public static final double HIGH_EXIT = 0.5;
    public static final double MEDIUM_ENTER = 0.3;

    private static final Map<String, Double> WEIGHTS =
            Map.of(
                    "battery", 0.25,
                    "drive", 0.2,
                    "compute", 0.1,
                    "connectivity", 0.1,
                    "reliability", 0.2,
                    "usage", 0.15);

    private HealthModel() {}

    /** The first hour a score as of {@code asOfMs} reads: rollups before it are never needed. */
    public static long windowStartMs(long asOfMs) {
        return asOfMs - (TREND_DAYS + 1) * DAY_MS;
    }

    /**
     * Scores a robot as of {@code asOfMs} from its rollups (any order; hours after {@code asOfMs}
     * are ignored). {@code wasHigh} is whether its risk was high at the previous scoring
     * (hysteresis).
     */
    public static RobotHealth score(
            String robotId, List<HourlyRollup> rollups, long asOfMs, boolean wasHigh) {
        long from = windowStartMs(asOfMs);
        TreeMap<Long, HourlyRollup> hours = new TreeMap<>();
        for (HourlyRollup r : rollups) {
            // point in time: an hour that starts at or after asOf is the future
            if (r.hourMs() >= from && r.hourMs() < asOfMs) {
                hours.merge(r.hourMs(), r, (a, b) -> a);
            }
        }
        List<HourlyRollup> window = List.copyOf(hours.values());
        double confidence = confidence(window, asOfMs);

        List<ComponentHealth> components = new ArrayList<>();
        components.add(
                trend(
                        "battery",
                        "battery_health_pct",
                        window,
                        asOfMs,
                        false,
                        BATTERY_FAILED_PCT,
                        BATTERY_GOOD_PCT,
                        confidence));
        components.add(
                trend(
                        "drive",
                        "motor_temp_c",
                        window,
                        asOfMs,
                        true,
                        MOTOR_FAILED_C,
                        MOTOR_GOOD_C,
                        confidence));
        components.add(
                trend(
                        "compute",
                        "cpu_temp_c",
                        window,
                        asOfMs,
                        true,
                        CPU_FAILED_C,
                        CPU_GOOD_C,
                        confidence));
        components.add(connectivity(window, asOfMs));
        components.addAll(reliability(window, asOfMs));
        components.add(usage(window, asOfMs));
        components.sort(
                Comparator.comparingDouble(ComponentHealth::probability)
                        .reversed()
                        .thenComparingInt(ComponentHealth::score));

        ComponentHealth worst = components.get(0);
        double weighted = 0;
        double weights = 0;
        int lowest = 100;
        for (ComponentHealth c : components) {
            double w = WEIGHTS.getOrDefault(c.component(), WEIGHTS.get("reliability") / 3);
            weighted += w * c.score();
            weights += w;
            lowest = Math.min(lowest, c.score());
        }
        int health = (int) Math.round(0.6 * weighted / weights + 0.4 * lowest);
        double p = worst.probability();
        String risk = riskLevel(p, health, wasHigh);
        String predicted = p >= MEDIUM_ENTER ? worst.component() : RobotHealth.NONE;
        return new RobotHealth(
                robotId,
                health,
                risk,
                predicted,
                round(p),
                round(confidence),
                HORIZON_DAYS,
                asOfMs,
                List.copyOf(components));
    }

    /**
     * high from HIGH_ENTER, kept while the probability stays at HIGH_EXIT or above (no flapping);
     * medium from MEDIUM_ENTER or under a health of 50; else low.
     */
    public static String riskLevel(double probability, int health, boolean wasHigh) {
        if (probability >= HIGH_ENTER || (wasHigh && probability >= HIGH_EXIT)) {
            return RobotHealth.HIGH;
        }
        if (probability >= MEDIUM_ENTER || health < 50) {
            return RobotHealth.MEDIUM;
        }
        return RobotHealth.LOW;
    }

    /** The probability that a trend reaching its threshold in {@code days} does so in time. */
    static double crossingProbability(double days) {
        if (days <= 0) {
            return 0.99;
        }
        double p = 1 / (1 + Math.exp((days - HORIZON_DAYS) / (0.15 * HORIZON_DAYS)));
        return Math.min(0.99, p);
    }

    /**
     * A component read through one metric's trend: daily peaks ({@code peaks}) or 6-hour means, the
     * Theil–Sen line over the last week, and when it crosses its failure threshold.
     */
    static ComponentHealth trend(
            String component,
            String metric,
            List<HourlyRollup> window,
            long asOfMs,
            boolean peaks,
            double failed,
            double good,
            double confidence) {
        long bucketMs = peaks ? DAY_MS : DAY_MS / 4;
        int buckets = (int) (TREND_DAYS * DAY_MS / bucketMs);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int b = buckets - 1; b >= 0; b--) {
            long end = asOfMs - b * bucketMs;
            long start = end - bucketMs;
            Stat stat = null;
            for (HourlyRollup r : window) {
                if (r.hourMs() >= start && r.hourMs() < end) {
                    Stat s = r.metrics().get(metric);
                    if (s != null && s.n() > 0) {
                        stat = stat == null ? s : stat.plus(s);
                    }
                }
            }
            if (stat != null) {
                xs.add(-(double) b * bucketMs / DAY_MS); // days before asOf (bucket end)
                ys.add(peaks ? stat.max() : stat.mean());
            }
        }
        boolean rising = failed > good;
        if (xs.size() < 3) {
            return new ComponentHealth(component, 100, 0, null, List.of());
        }
        Robust.Line line = Robust.theilSen(toArray(xs), toArray(ys));
        double level = line.at(0);
        double slope = line.slope();
        double margin =
                rising ? (failed - level) / (failed - good) : (level - failed) / (good - failed);
        int score = (int) Math.round(100 * clamp(margin));
        double p;
        Long expected = null;
        boolean towards = rising ? slope > 0 : slope < 0;
        if (rising ? level >= failed : level <= failed) {
            p = 0.99;
            expected = asOfMs;
        } else if (towards) {
            double days = Math.abs((failed - level) / slope);
            // the trend needs most of its week to be believed
            double coverage = Math.min(1, xs.size() / (0.7 * buckets));
            p = crossingProbability(days) * coverage * Math.min(1, 0.5 + confidence);
            if (days <= 3 * HORIZON_DAYS) {
                expected = asOfMs + (long) (days * DAY_MS);
            }
        } else {
            p = 0;
        }
        score = (int) Math.round(Math.min(score, 100 * (1 - p)));
        return new ComponentHealth(
                component,
                score,
                round(p),
                expected,
                List.of(new Evidence(metric, round(level), round(slope), failed)));
    }

    static ComponentHealth connectivity(List<HourlyRollup> window, long asOfMs) {
        Stat day = null;
        for (HourlyRollup r : window) {
            Stat s = r.metrics().get("wifi_rssi_dbm");
            if (r.hourMs() >= asOfMs - DAY_MS && s != null && s.n() > 0) {
                day = day == null ? s : day.plus(s);
            }
        }
        if (day == null) {
            return new ComponentHealth("connectivity", 100, 0, null, List.of());
        }
        double mean = day.mean();
        double margin = (mean - WIFI_FAILED_DBM) / (WIFI_GOOD_DBM - WIFI_FAILED_DBM);
        return new ComponentHealth(
                "connectivity",
                (int) Math.round(100 * clamp(margin)),
                0,
                null,
                List.of(new Evidence("wifi_rssi_dbm", round(mean), null, WIFI_FAILED_DBM)));
    }

    /**
     * Error bursts per component against the robot's own baseline: the last 24 h against the 7 days
     * before (at least 0.5 errors a day). A burst that grows, or brings critical errors, is
     * expected to end in a failure within ESCALATION_DAYS.
     */
    static List<ComponentHealth> reliability(List<HourlyRollup> window, long asOfMs) {
        Map<String, int[]> counts = new HashMap<>(); // last 24 h, previous 24 h, baseline, critical
        for (HourlyRollup r : window) {
            long age = asOfMs - r.hourMs();
            for (Map.Entry<String, ErrorCount> e : r.errors().entrySet()) {
                int[] c = counts.computeIfAbsent(e.getKey(), k -> new int[4]);
                if (age <= DAY_MS) {
                    c[0] += e.getValue().total();
                    c[3] += e.getValue().critical();
                } else {
                    if (age <= 2 * DAY_MS) {
                        c[1] += e.getValue().total();
                    }
                    c[2] += e.getValue().total();
                }
            }
        }
        List<ComponentHealth> out = new ArrayList<>();
        int total = 0;
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            int[] c = e.getValue();
            total += c[0];
            double baseline = Math.max(BASELINE_FLOOR_PER_DAY, c[2] / (double) TREND_DAYS);
            boolean burst = c[0] >= BURST_MIN_ERRORS && poissonTail(baseline, c[0]) < BURST_P;
            if (!burst) {
                continue;
            }
            boolean escalating = c[0] > c[1] && c[1] > 0 || c[3] >= 2;
            double p = escalating ? 0.9 : 0.6;
            out.add(
                    new ComponentHealth(
                            e.getKey(),
                            (int) Math.round(100 * (1 - p)),
                            p,
                            asOfMs + (long) (ESCALATION_DAYS * DAY_MS),
                            List.of(
                                    new Evidence(
                                            "errors_24h:" + e.getKey(),
                                            c[0],
                                            round(c[0] - c[1]),
                                            Math.max(BURST_MIN_ERRORS, baseline)))));
        }
        if (out.isEmpty()) {
            int score = (int) Math.round(100 * (1 - Math.min(0.5, total / 20.0)));
            out.add(
                    new ComponentHealth(
                            "reliability",
                            score,
                            0,
                            null,
                            List.of(new Evidence("errors_24h", total, null, BURST_MIN_ERRORS))));
        }
        return out;
    }

    /** Feature failures and abandons over the last 3 days: a usage sub-score, never a failure. */
    static ComponentHealth usage(List<HourlyRollup> window, long asOfMs) {
        int uses = 0;
        int failures = 0;
        for (HourlyRollup r : window) {
            if (r.hourMs() >= asOfMs - 3 * DAY_MS) {
                uses += r.featureUses();
                failures += r.featureFailures();
            }
        }
        if (uses == 0) {
            return new ComponentHealth("usage", 100, 0, null, List.of());
        }
        double rate = failures / (double) uses;
        return new ComponentHealth(
                "usage",
                (int) Math.round(100 * clamp(1 - 2 * rate)),
                0,
                null,
                List.of(new Evidence("feature_failure_rate_3d", round(rate), null, 0.5)));
    }

    /** Share of the last 7 days' hours that had telemetry. */
    static double confidence(List<HourlyRollup> window, long asOfMs) {
        int hours = 0;
        for (HourlyRollup r : window) {
            if (r.hourMs() >= asOfMs - TREND_DAYS * DAY_MS && !r.metrics().isEmpty()) {
                hours++;
            }
        }
        return Math.min(1, hours / (TREND_DAYS * 24.0));
    }

    /** P(X ≥ k) for X ~ Poisson(lambda). */
    static double poissonTail(double lambda, int k) {
        double term = Math.exp(-lambda);
        double below = 0;
        for (int i = 0; i < k; i++) {
            below += term;
            term *= lambda / (i + 1);
        }
        return Math.max(0, 1 - below);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
