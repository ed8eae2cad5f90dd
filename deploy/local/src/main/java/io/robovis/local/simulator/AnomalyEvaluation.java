package io.robovis.local.simulator;

import io.robovis.common.anomaly.Anomaly;
import io.robovis.common.anomaly.AnomalyChange;
import io.robovis.common.anomaly.AnomalyThresholds;
import io.robovis.common.anomaly.RobotDetector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@code ./robovis eval anomalies}: simulates a fleet in which half the robots get one short
 * anomaly (error spike, overheating, sudden battery drop, feature failure spike) at a random minute
 * after their first 4 days, streams every robot's events through the same detector as
 * insight-service ({@link RobotDetector}) in time order, and compares its critical episodes (the
 * anomaly.critical alarms) with the ground truth.
 *
 * <p>Definitions (docs/models.md): an alarm is an episode's crossing of the critical score, at the
 * end of the bucket where it happened. An alarm is true when its robot has an injected anomaly and
 * the alarm falls from its onset to two hours after its end; an anomaly is detected when at least
 * one true alarm falls in that window, and its detection delay runs from the onset to its first
 * one. Healthy robot-days are the days (after the 3 days of cold start) that no anomaly window
 * touches; false alarms are the alarms that are not true.
 */
public final class AnomalyEvaluation {

    static final long DAY_MS = 86_400_000L;
    static final long HOUR_MS = 3_600_000L;
    static final long AFTER_END_MS = 2 * HOUR_MS;

    /** The figures of one run. */
    public record Result(
            long seed,
            int robots,
            int days,
            int anomalies,
            int detected,
            int alarms,
            int trueAlarms,
            long healthyRobotDays,
            List<Long> delaysMs,
            Map<String, int[]> perKind,
            Map<String, List<Long>> delaysPerKind,
            Map<String, Integer> falseAlarmsPerSignal) {

        public double precision() {
            return alarms == 0 ? 1 : trueAlarms / (double) alarms;
        }

        public double recall() {
            return anomalies == 0 ? 1 : detected / (double) anomalies;
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        public double alarmsPerDetected() {
            return detected == 0 ? 0 : trueAlarms / (double) detected;
        }

        public double falseAlarmsPerThousand() {
            return healthyRobotDays == 0 ? 0 : 1000.0 * (alarms - trueAlarms) / healthyRobotDays;
        }

        public String summary() {
            StringBuilder out =
                    new StringBuilder(
                            String.format(
                                    Locale.ROOT,
                                    "seed %d: %d robots x %d days, %d injected anomalies;"
                                            + " precision %.3f (%d/%d alarms), recall %.3f"
                                            + " (%d/%d), F1 %.3f, alarms per detected anomaly"
                                            + " %.2f, false alarms %.2f per 1,000 healthy"
                                            + " robot-days (%d/%d), delay %s",
                                    seed,
                                    robots,
                                    days,
                                    anomalies,
                                    precision(),
                                    trueAlarms,
                                    alarms,
                                    recall(),
                                    detected,
                                    anomalies,
                                    f1(),
                                    alarmsPerDetected(),
                                    falseAlarmsPerThousand(),
                                    alarms - trueAlarms,
                                    healthyRobotDays,
                                    delays(delaysMs)));
            perKind.forEach(
                    (kind, c) ->
                            out.append(
                                    String.format(
                                            Locale.ROOT,
                                            "%n  %-22s injected %3d, detected %3d, alarms %3d,"
                                                    + " delay %s",
                                            kind,
                                            c[0],
                                            c[1],
                                            c[2],
                                            delays(delaysPerKind.getOrDefault(kind, List.of())))));
            if (!falseAlarmsPerSignal.isEmpty()) {
                out.append("\n  false alarms by signal: ").append(falseAlarmsPerSignal);
            }
            return out.toString();
        }
    }

    /** Median, 90th percentile and share within 10 minutes of detection delays. */
    static String delays(List<Long> delaysMs) {
        if (delaysMs.isEmpty()) {
            return "-";
        }
        List<Long> sorted = new ArrayList<>(delaysMs);
        sorted.sort(Long::compare);
        long within = sorted.stream().filter(d -> d <= 10 * 60_000L).count();
        return String.format(
                Locale.ROOT,
                "median %.0f min, p90 %.0f min, %d/%d within 10 min",
                sorted.get(sorted.size() / 2) / 60_000.0,
                sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(0.9 * sorted.size()) - 1))
                        / 60_000.0,
                within,
                sorted.size());
    }

    /** Runs one seed: {@code robots} robots over {@code days} days. */
    public static Result run(long seed, int robots, int days, Consumer<String> progress) {
        long end = 1_780_000_000_000L; // a fixed origin: the figures depend on the seed only
        end -= end % DAY_MS;
        long start = end - days * DAY_MS;
        FleetPlan plan =
                new FleetPlan("EVAL", robots, List.of("client-a", "client-b"), start, end, 0, seed);
        plan.injectAnomalies(0.5, start + 4 * DAY_MS, end - DAY_MS, seed);
        List<Random> randoms = new ArrayList<>();
        Map<String, RobotDetector> detectors = new HashMap<>();
        for (int i = 0; i < plan.robots.size(); i++) {
            randoms.add(new Random(seed * 31 + i));
            String id = plan.robots.get(i).robotId;
            detectors.put(id, new RobotDetector(id));
        }
        Map<String, List<Anomaly>> alarms = new HashMap<>();
        Activity.Sink sink =
                (robotId, json) -> {
                    for (AnomalyChange c : feed(detectors.get(robotId), json)) {
                        if (c.critical() != null) {
                            alarms.computeIfAbsent(robotId, k -> new ArrayList<>())
                                    .add(c.anomaly());
                        }
                    }
                };
        for (long minute = start; minute < end; minute += 60_000) {
            for (int i = 0; i < plan.robots.size(); i++) {
                Activity.minute(plan.robots.get(i), minute, randoms.get(i), sink);
            }
            if ((minute + 60_000) % DAY_MS == 0) {
                progress.accept(
                        String.format(
                                "  day %d of %d streamed",
                                (minute + 60_000 - start) / DAY_MS, days));
            }
        }
        return compare(seed, plan, days, alarms);
    }

    static Result compare(long seed, FleetPlan plan, int days, Map<String, List<Anomaly>> alarms) {
        int anomalies = 0;
        int detected = 0;
        int total = 0;
        int trueAlarms = 0;
        long healthy = 0;
        List<Long> delays = new ArrayList<>();
        Map<String, int[]> perKind = new TreeMap<>();
        Map<String, List<Long>> delaysPerKind = new TreeMap<>();
        Map<String, Integer> falseBySignal = new TreeMap<>();
        long scoredFrom = plan.startMs + AnomalyThresholds.MIN_HISTORY_MS;
        for (SimRobot robot : plan.robots) {
            List<Anomaly> robotAlarms = alarms.getOrDefault(robot.robotId, List.of());
            total += robotAlarms.size();
            for (Anomaly alarm : robotAlarms) {
                if (window(robot, alarm.criticalAtMs()) != null) {
                    trueAlarms++;
                } else {
                    falseBySignal.merge(alarm.signal(), 1, Integer::sum);
                }
            }
            for (InjectedAnomaly a : robot.anomalies) {
                anomalies++;
                int[] c = perKind.computeIfAbsent(a.kind(), k -> new int[3]);
                c[0]++;
                Long first = null;
                for (Anomaly alarm : robotAlarms) {
                    if (window(robot, alarm.criticalAtMs()) == a) {
                        c[2]++;
                        first = first == null ? alarm.criticalAtMs() : first;
                    }
                }
                if (first != null) {
                    detected++;
                    c[1]++;
                    long delay = Math.max(0, first - a.onsetMs());
                    delays.add(delay);
                    delaysPerKind.computeIfAbsent(a.kind(), k -> new ArrayList<>()).add(delay);
                }
            }
            for (long day = scoredFrom; day < plan.endMs; day += DAY_MS) {
                if (!touched(robot, day, day + DAY_MS)) {
                    healthy++;
                }
            }
        }
        return new Result(
                seed,
                plan.robots.size(),
                days,
                anomalies,
                detected,
                total,
                trueAlarms,
                healthy,
                delays,
                perKind,
                delaysPerKind,
                falseBySignal);
    }

    private static boolean touched(SimRobot robot, long fromMs, long toMs) {
        return robot.anomalies.stream()
                .anyMatch(a -> a.onsetMs() < toMs && a.endMs() + AFTER_END_MS > fromMs);
    }

    /** The robot's injected anomaly whose window holds {@code atMs}, or null. */
    private static InjectedAnomaly window(SimRobot robot, long atMs) {
        for (InjectedAnomaly a : robot.anomalies) {
            if (atMs >= a.onsetMs() && atMs <= a.endMs() + AFTER_END_MS) {
                return a;
            }
        }
        return null;
    }

    /** Reads the fields the detector needs from the simulator's own event JSON. */
    static List<AnomalyChange> feed(RobotDetector detector, String json) {
        long ts = Long.parseLong(HealthEvaluation.field(json, "\"ts_ms\":", ',', '}'));
        String type = HealthEvaluation.field(json, "\"type\":\"", '"', '"');
        Map<String, Double> metrics =
                type.equals("telemetry") ? HealthEvaluation.metrics(json) : Map.of();
        boolean used = type.equals("feature_used");
        return detector.event(
                new RobotDetector.Event(
                        ts,
                        type,
                        metrics,
                        type.equals("error")
                                ? HealthEvaluation.field(json, "\"component\":\"", '"', '"')
                                : null,
                        used ? HealthEvaluation.field(json, "\"feature\":\"", '"', '"') : null,
                        used ? HealthEvaluation.field(json, "\"outcome\":\"", '"', '"') : null,
                        type.equals("status")
                                ? HealthEvaluation.field(json, "\"state\":\"", '"', '"')
                                : null));
    }

    private AnomalyEvaluation() {}
}
