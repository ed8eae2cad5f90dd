package io.robovis.local.simulator;

import io.robovis.common.health.HealthModel;
import io.robovis.common.health.RobotHealth;
import io.robovis.common.health.RollupBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@code ./robovis eval health}: simulates a fleet with every fault type at random onsets and
 * rates, replays the health model day by day as of each simulated day (it sees only what had
 * happened by then), and compares its high-risk alarms with the ground truth.
 *
 * <p>Definitions (docs/models.md): an alarm is an episode of high risk (entered at one daily
 * scoring, left when the model leaves high). A failure is detected when an alarm starts within the
 * horizon (14 days) before it; recall is the share of failures detected, the lead time runs from
 * the alarm's start to the failure. An alarm is a true one when its robot fails within the horizon
 * after its start; precision is the share of true alarms. Healthy robot-days are the days of robots
 * not within the horizon before a failure; a false alarm day is one of them scored high. Days after
 * a robot's failure are left out (it is under repair).
 */
public final class HealthEvaluation {

    static final long DAY_MS = 86_400_000L;
    static final long HORIZON_MS = HealthModel.HORIZON_DAYS * DAY_MS;

    /** The figures of one run. */
    public record Result(
            long seed,
            int robots,
            int days,
            int failures,
            int detected,
            int alarms,
            int trueAlarms,
            double medianLeadHours,
            int healthyRobotDays,
            int falseAlarmDays,
            Map<String, int[]> perFault) {

        public double precision() {
            return alarms == 0 ? 1 : trueAlarms / (double) alarms;
        }

        public double recall() {
            return failures == 0 ? 1 : detected / (double) failures;
        }

        public double falseAlarmsPerThousand() {
            return healthyRobotDays == 0 ? 0 : 1000.0 * falseAlarmDays / healthyRobotDays;
        }

        public String summary() {
            StringBuilder out =
                    new StringBuilder(
                            String.format(
                                    Locale.ROOT,
                                    "seed %d: %d robots x %d days, %d failures; precision %.3f (%d/%d"
                                            + " alarms), recall %.3f (%d/%d), median lead %.0f h,"
                                            + " false alarms %.2f per 1,000 healthy robot-days (%d/%d)",
                                    seed,
                                    robots,
                                    days,
                                    failures,
                                    precision(),
                                    trueAlarms,
                                    alarms,
                                    recall(),
                                    detected,
                                    failures,
                                    medianLeadHours,
                                    falseAlarmsPerThousand(),
                                    falseAlarmDays,
                                    healthyRobotDays));
            perFault.forEach(
                    (kind, c) ->
                            out.append(
                                    String.format(
                                            Locale.ROOT,
                                            "%n  %-17s robots %2d, failures %2d, detected %2d,"
                                                    + " alarms %2d (true %2d), median lead %s,"
                                                    + " high robot-days %d",
                                            kind,
                                            c[0],
                                            c[1],
                                            c[2],
                                            c[3],
                                            c[4],
                                            c[5] < 0 ? "-" : c[5] + " h",
                                            c[6])));
            return out.toString();
        }
    }

    /** Runs one seed: {@code robots} robots over {@code days} days. */
    public static Result run(long seed, int robots, int days, Consumer<String> progress) {
        long end = 1_780_000_000_000L; // a fixed origin: the figures depend on the seed only
        end -= end % DAY_MS;
        long start = end - days * DAY_MS;
        FleetPlan plan =
                new FleetPlan(
                        "EVAL", robots, List.of("client-a", "client-b"), start, end, 0.3, seed);
        List<Random> randoms = new ArrayList<>();
        Map<String, RollupBuilder> rollups = new HashMap<>();
        for (int i = 0; i < plan.robots.size(); i++) {
            randoms.add(new Random(seed * 31 + i));
            rollups.put(plan.robots.get(i).robotId, new RollupBuilder());
        }
        Activity.Sink sink = (robotId, json) -> feed(rollups.get(robotId), json);
        // scoring at the end of each day, from day 8 on (a week of history to read trends from)
        Map<String, TreeMap<Long, RobotHealth>> scored = new HashMap<>();
        for (long minute = start; minute < end; minute += 60_000) {
            for (int i = 0; i < plan.robots.size(); i++) {
                Activity.minute(plan.robots.get(i), minute, randoms.get(i), sink);
            }
            long next = minute + 60_000;
            if (next % DAY_MS == 0 && next - start >= 8 * DAY_MS) {
                for (SimRobot robot : plan.robots) {
                    TreeMap<Long, RobotHealth> history =
                            scored.computeIfAbsent(robot.robotId, k -> new TreeMap<>());
                    boolean wasHigh =
                            !history.isEmpty()
                                    && RobotHealth.HIGH.equals(
                                            history.lastEntry().getValue().riskLevel());
                    history.put(
                            next,
                            HealthModel.score(
                                    robot.robotId,
                                    rollups.get(robot.robotId).rollups(next),
                                    next,
                                    wasHigh));
                }
                progress.accept(
                        String.format("  day %d of %d scored", (next - start) / DAY_MS, days));
            }
        }
        return compare(seed, plan, days, scored);
    }

    static Result compare(
            long seed, FleetPlan plan, int days, Map<String, TreeMap<Long, RobotHealth>> scored) {
        Map<String, Fault> failing = new HashMap<>();
        Map<String, String> kindOf = new HashMap<>();
        for (Fault f : plan.faults()) {
            kindOf.put(f.robotId(), f.kind());
            if (f.failureMs() > 0) {
                failing.put(f.robotId(), f); // also after the run: late alarms may be true
            }
        }
        int failures = 0;
        int detected = 0;
        int alarms = 0;
        int trueAlarms = 0;
        int healthy = 0;
        int falseDays = 0;
        List<Double> leads = new ArrayList<>();
        Map<String, int[]> perFault = new TreeMap<>();
        Map<String, List<Double>> leadsPerFault = new HashMap<>();
        for (SimRobot robot : plan.robots) {
            String kind = kindOf.getOrDefault(robot.robotId, "none");
            int[] c = perFault.computeIfAbsent(kind, k -> new int[7]);
            c[0]++;
            Fault fault = failing.get(robot.robotId);
            long failure = fault == null ? Long.MAX_VALUE : fault.failureMs();
            TreeMap<Long, RobotHealth> history =
                    scored.getOrDefault(robot.robotId, new TreeMap<>());
            boolean high = false;
            Long firstAlarmBeforeFailure = null;
            for (Map.Entry<Long, RobotHealth> day : history.entrySet()) {
                long at = day.getKey();
                if (at >= failure) {
                    break; // under repair
                }
                boolean nowHigh = RobotHealth.HIGH.equals(day.getValue().riskLevel());
                boolean withinHorizon = failure - at <= HORIZON_MS;
                if (nowHigh && !high) {
                    alarms++;
                    c[3]++;
                    boolean isTrue = failure - at <= HORIZON_MS;
                    if (isTrue) {
                        trueAlarms++;
                        c[4]++;
                        if (firstAlarmBeforeFailure == null) {
                            firstAlarmBeforeFailure = at;
                        }
                    }
                }
                if (!withinHorizon) {
                    healthy++;
                    if (nowHigh) {
                        falseDays++;
                    }
                }
                if (nowHigh) {
                    c[6]++;
                }
                high = nowHigh;
            }
            if (fault != null && failure - plan.startMs > 8 * DAY_MS && failure < plan.endMs) {
                failures++;
                c[1]++;
                if (firstAlarmBeforeFailure != null) {
                    detected++;
                    c[2]++;
                    double lead = (failure - firstAlarmBeforeFailure) / 3_600_000.0;
                    leads.add(lead);
                    leadsPerFault.computeIfAbsent(kind, k -> new ArrayList<>()).add(lead);
                }
            }
        }
        perFault.forEach(
                (kind, c) -> {
                    List<Double> l = leadsPerFault.get(kind);
                    c[5] = l == null ? -1 : (int) Math.round(median(l));
                });
        return new Result(
                seed,
                plan.robots.size(),
                days,
                failures,
                detected,
                alarms,
                trueAlarms,
                leads.isEmpty() ? 0 : median(leads),
                healthy,
                falseDays,
                perFault);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Reads the few fields the rollups need from the simulator's own event JSON. */
    static void feed(RollupBuilder rollup, String json) {
        long ts = Long.parseLong(field(json, "\"ts_ms\":", ',', '}'));
        String type = field(json, "\"type\":\"", '"', '"');
        Map<String, Double> metrics = type.equals("telemetry") ? metrics(json) : Map.of();
        boolean error = type.equals("error");
        rollup.event(
                ts,
                type,
                metrics,
                error ? field(json, "\"component\":\"", '"', '"') : null,
                error && "critical".equals(field(json, "\"severity\":\"", '"', '"')),
                type.equals("feature_used") ? field(json, "\"outcome\":\"", '"', '"') : null);
    }

    /** A telemetry event's metrics, from the simulator's own JSON. */
    static Map<String, Double> metrics(String json) {
        Map<String, Double> metrics = new HashMap<>();
        int from = json.indexOf("\"metrics\":{") + 11;
        int to = json.indexOf('}', from);
        for (String pair : json.substring(from, to).split(",")) {
            int colon = pair.indexOf(':');
            metrics.put(
                    pair.substring(1, colon - 1), Double.parseDouble(pair.substring(colon + 1)));
        }
        return metrics;
    }

    static String field(String json, String key, char end1, char end2) {
        int from = json.indexOf(key) + key.length();
        int to = from;
        while (to < json.length() && json.charAt(to) != end1 && json.charAt(to) != end2) {
            to++;
        }
        return json.substring(from, to);
    }

    private HealthEvaluation() {}
}
