package io.robovis.local.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Which robots exist, where they run, and which faults they will have: everything drawn from one
 * seed, so that a run can be repeated exactly.
 */
final class FleetPlan {

    static final String[] MODELS = {"BDY", "NAO", "PPR"};
    static final String[] ENVIRONMENTS = {"ehpad", "school", "retail", "home", "hospital"};
    static final String[] FAULT_KINDS = {
        Fault.BATTERY_FADE,
        Fault.MOTOR_OVERHEATING,
        Fault.ERROR_BURST,
        Fault.SILENT,
        Fault.FRICTION,
        Fault.EMERGING_USAGE
    };

    /** Battery health under which the battery has failed. */
    static final double BATTERY_FAILED_PCT = 70.0;

    /** Peak motor temperature at which the drive has failed. */
    static final double MOTOR_FAILED_C = 90.0;

    final List<SimRobot> robots = new ArrayList<>();
    final long startMs;
    final long endMs;

    /**
     * @param prefix robot id prefix ("BDY" gives BDY-001…)
     * @param count how many robots
     * @param clients the client tenants, robots spread across them
     * @param startMs first simulated minute
     * @param endMs end of the backfill
     * @param faultShare share of robots that get one fault
     */
    FleetPlan(
            String prefix,
            int count,
            List<String> clients,
            long startMs,
            long endMs,
            double faultShare,
            long seed) {
        this.startMs = startMs;
        this.endMs = endMs;
        Random random = new Random(seed);
        for (int i = 1; i <= count; i++) {
            String id = String.format("%s-%03d", prefix, i);
            // even robots at the first client, so that the demo's BDY-042 runs at client-alpha
            String client = clients.get(i % 2 == 0 ? 0 : (i / 2) % clients.size());
            int clientIndex = clients.indexOf(client);
            String environment =
                    ENVIRONMENTS[(clientIndex * 2 + (i % 3 == 0 ? 1 : 0)) % ENVIRONMENTS.length];
            String site = client.replace("client-", "") + "-site-" + (1 + (i % 3));
            String model = MODELS[i % MODELS.length];
            String firmware = "3." + (1 + i % 3) + ".0";
            SimRobot robot = new SimRobot(id, client, site, environment, model, firmware);
            robot.batteryPct = 60 + random.nextDouble() * 40;
            robot.batteryHealthPct = 92 + random.nextDouble() * 6;
            robot.batteryCycles = 100 + random.nextInt(400);
            robot.odometerM = random.nextInt(500_000);
            robots.add(robot);
        }
        List<SimRobot> shuffled = new ArrayList<>(robots);
        java.util.Collections.shuffle(shuffled, random);
        int faulty = (int) Math.round(count * faultShare);
        for (int k = 0; k < faulty; k++) {
            SimRobot robot = shuffled.get(k);
            robot.faults.add(fault(robot, FAULT_KINDS[k % FAULT_KINDS.length], random));
        }
    }

    private Fault fault(SimRobot robot, String kind, Random random) {
        long span = endMs - startMs;
        // onsets in the later part of the history, so that a baseline exists before them
        long onset = startMs + (long) (span * (0.35 + 0.5 * random.nextDouble()));
        onset -= onset % 60_000;
        return switch (kind) {
            case Fault.BATTERY_FADE -> {
                double rate = 0.8 + random.nextDouble() * 1.7; // % health per day
                double healthAtOnset =
                        robot.batteryHealthPct - 0.01 * (onset - startMs) / 86_400_000.0;
                long failure =
                        onset + (long) ((healthAtOnset - BATTERY_FAILED_PCT) / rate * 86_400_000L);
                yield new Fault(robot.robotId, kind, "battery", onset, failure, rate, null);
            }
            case Fault.MOTOR_OVERHEATING -> {
                double rate = 1.5 + random.nextDouble() * 2.5; // °C per day on the motor's peaks
                long failure =
                        onset
                                + (long)
                                        ((MOTOR_FAILED_C - Activity.MOTOR_PEAK_C)
                                                / rate
                                                * 86_400_000L);
                yield new Fault(robot.robotId, kind, "drive", onset, failure, rate, null);
            }
            case Fault.ERROR_BURST -> {
                double rate = 4 + random.nextDouble() * 8; // errors per day at onset, growing
                String component = new String[] {"lidar", "arm", "camera"}[random.nextInt(3)];
                long failure = onset + (long) ((2 + random.nextDouble() * 4) * 86_400_000L);
                yield new Fault(robot.robotId, kind, component, onset, failure, rate, null);
            }
            case Fault.SILENT -> new Fault(robot.robotId, kind, null, onset, 0, 0, null);
            case Fault.FRICTION -> {
                double rate = 0.04 + random.nextDouble() * 0.06; // failure-rate points per day
                String feature = Activity.features(robot.environment)[random.nextInt(3)];
                yield new Fault(robot.robotId, kind, null, onset, 0, rate, feature);
            }
            default -> {
                double rate = 0.5 + random.nextDouble(); // use multiplier growth per day
                String[] features = Activity.features(robot.environment);
                yield new Fault(
                        robot.robotId, kind, null, onset, 0, rate, features[features.length - 1]);
            }
        };
    }

    /**
     * Gives a {@code share} of the robots one short anomaly each (the kinds in turn), at a random
     * minute from {@code fromMs} to {@code toMs}: for the anomaly evaluation and the demo.
     */
    void injectAnomalies(double share, long fromMs, long toMs, long seed) {
        Random random = new Random(seed * 7 + 3);
        List<SimRobot> shuffled = new ArrayList<>(robots);
        java.util.Collections.shuffle(shuffled, random);
        int count = (int) Math.round(robots.size() * share);
        for (int k = 0; k < count; k++) {
            SimRobot robot = shuffled.get(k);
            long onset = fromMs + (long) (random.nextDouble() * (toMs - fromMs));
            robot.anomalies.add(
                    InjectedAnomaly.draw(
                            robot,
                            InjectedAnomaly.KINDS[k % InjectedAnomaly.KINDS.length],
                            onset,
                            random));
        }
    }

    List<InjectedAnomaly> anomalies() {
        List<InjectedAnomaly> all = new ArrayList<>();
        robots.forEach(r -> all.addAll(r.anomalies));
        return all;
    }

    List<Fault> faults() {
        List<Fault> all = new ArrayList<>();
        robots.forEach(r -> all.addAll(r.faults));
        return all;
    }
}
