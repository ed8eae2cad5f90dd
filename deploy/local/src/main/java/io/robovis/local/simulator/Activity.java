package io.robovis.local.simulator;

import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * What one robot does in one minute: telemetry every minute, a heartbeat every five, sessions with
 * journeys and feature uses following the day's rhythm, status changes, background errors, and the
 * effect of its faults. Events are written as JSON text, the platform's wire format.
 */
final class Activity {

    static final double MOTOR_BASE_C = 34.0;
    static final double MOTOR_PEAK_C = 50.0;

    /** Local time offset of the simulated sites (Europe/Paris in winter). */
    static final int LOCAL_OFFSET_H = 1;

    interface Sink {
        void accept(String robotId, String json);
    }

    static String[] features(String environment) {
        return switch (environment) {
            case "ehpad" -> new String[] {"video_call", "music", "reminder", "memory_game"};
            case "school" -> new String[] {"quiz", "storytelling", "math_game", "language_lab"};
            case "retail" -> new String[] {"product_guide", "faq", "promotion", "store_map"};
            case "hospital" -> new String[] {"wayfinding", "reminder", "video_call", "triage_help"};
            default -> new String[] {"video_call", "music", "reminder", "home_watch"};
        };
    }

    /** How busy robots are at this local hour (0 at night, 1 at the peaks). */
    static double rhythm(int hour) {
        if (hour < 7 || hour >= 21) {
            return 0.0;
        }
        if (hour >= 10 && hour < 12 || hour >= 14 && hour < 17) {
            return 1.0;
        }
        return 0.45;
    }

    private Activity() {}

    /** The local hour of the simulated sites at this time. */
    static int localHour(long ms) {
        return (int) ((ms / 3_600_000L + LOCAL_OFFSET_H) % 24);
    }

    static void minute(SimRobot r, long minuteMs, Random random, Sink out) {
        minute(r, minuteMs, localHour(minuteMs), random, out);
    }

    /** One minute of the robot's activity, behaving as at the local hour given. */
    static void minute(SimRobot r, long minuteMs, int hour, Random random, Sink out) {
        Fault silent = r.fault(Fault.SILENT);
        if (silent != null && silent.active(minuteMs)) {
            return;
        }
        boolean inSession = r.sessionId != null;

        // sessions follow the day's rhythm
        if (!inSession && !r.charging && random.nextDouble() < 0.02 * rhythm(hour)) {
            startSession(r, minuteMs, random, out);
            inSession = true;
        } else if (inSession) {
            sessionMinute(r, minuteMs, random, out);
        }

        // battery: drains with activity (faster when worn), charges at night or when low
        double drain = (inSession ? 0.22 : 0.05) / Math.max(0.5, r.batteryHealthPct / 100.0);
        if (r.charging) {
            r.batteryPct = Math.min(100, r.batteryPct + 0.9);
            if (r.batteryPct >= 100 && rhythm(hour) > 0) {
                r.charging = false;
                status(r, minuteMs, random, out, "idle");
            }
        } else {
            r.batteryPct = Math.max(1, r.batteryPct - drain);
            if (!inSession && (r.batteryPct < 20 || rhythm(hour) == 0 && r.batteryPct < 90)) {
                r.charging = true;
                r.batteryCycles++;
                status(r, minuteMs, random, out, "charging");
            }
        }
        InjectedAnomaly drop = r.anomaly(InjectedAnomaly.BATTERY_DROP, minuteMs);
        if (drop != null && minuteMs < drop.onsetMs() + 3 * InjectedAnomaly.MINUTE_MS) {
            r.batteryPct = Math.max(3, r.batteryPct - drop.magnitude() / 3); // over 3 minutes
        }
        Fault fade = r.fault(Fault.BATTERY_FADE);
        r.batteryHealthPct -= (fade != null && fade.active(minuteMs) ? fade.rate() : 0.01) / 1440.0;
        if (inSession) {
            r.odometerM += 10 + random.nextDouble() * 20;
        }

        telemetry(r, minuteMs, random, out, inSession);
        if ((minuteMs / 60_000) % 5 == 0) {
            out.accept(
                    r.robotId,
                    event(r, minuteMs + random.nextInt(1000), "heartbeat", random)
                            .append('}')
                            .toString());
        }
        errors(r, minuteMs, random, out);
    }

    private static void telemetry(
            SimRobot r, long minuteMs, Random random, Sink out, boolean active) {
        double activity = active ? 1.0 : 0.0;
        Fault heat = r.fault(Fault.MOTOR_OVERHEATING);
        double heatTrend = heat == null ? 0 : heat.rate() * heat.daysIn(minuteMs);
        InjectedAnomaly hot = r.anomaly(InjectedAnomaly.OVERHEATING, minuteMs);
        double excess = // reaches its full value within 5 minutes
                hot == null
                        ? 0
                        : hot.magnitude()
                                * Math.min(1, (minuteMs - hot.onsetMs() + 60_000) / 300_000.0);
        double motor =
                MOTOR_BASE_C
                        + (MOTOR_PEAK_C - MOTOR_BASE_C) * activity
                        + heatTrend * (0.5 + 0.5 * activity)
                        + excess
                        + random.nextGaussian() * 1.2;
        double load = (active ? 55 : 12) + random.nextGaussian() * 6;
        double cpu = 42 + load * 0.25 + random.nextGaussian() * 1.5;
        double rssi = -52 - (r.site.hashCode() & 7) + random.nextGaussian() * 3;
        StringBuilder e = event(r, minuteMs + random.nextInt(59_000), "telemetry", random);
        e.append(",\"metrics\":{")
                .append("\"battery_pct\":")
                .append(round(r.batteryPct))
                .append(",\"battery_health_pct\":")
                .append(round(r.batteryHealthPct))
                .append(",\"battery_cycles\":")
                .append(r.batteryCycles)
                .append(",\"motor_temp_c\":")
                .append(round(motor))
                .append(",\"cpu_temp_c\":")
                .append(round(cpu))
                .append(",\"cpu_load_pct\":")
                .append(round(Math.max(0, Math.min(100, load))))
                .append(",\"wifi_rssi_dbm\":")
                .append(round(rssi))
                .append(",\"odometer_m\":")
                .append(Math.round(r.odometerM))
                .append("}}");
        out.accept(r.robotId, e.toString());
    }

    private static void startSession(SimRobot r, long minuteMs, Random random, Sink out) {
        r.sessionId = "s-" + r.robotId + "-" + (++r.sessionCounter);
        r.sessionMinutesLeft = 2 + random.nextInt(10);
        long ts = minuteMs + random.nextInt(20_000);
        status(r, ts, random, out, "active");
        out.accept(
                r.robotId, session(r, ts + 100, "session_started", random).append('}').toString());
        out.accept(r.robotId, step(r, ts + 200, "welcome", random));
        out.accept(r.robotId, step(r, ts + 1500, "menu", random));
    }

    private static void sessionMinute(SimRobot r, long minuteMs, Random random, Sink out) {
        if (--r.sessionMinutesLeft <= 0) {
            long ts = minuteMs + random.nextInt(30_000);
            out.accept(r.robotId, step(r, ts, "goodbye", random));
            out.accept(
                    r.robotId,
                    session(r, ts + 500, "session_ended", random).append('}').toString());
            r.sessionId = null;
            status(r, ts + 600, random, out, "idle");
            return;
        }
        if (random.nextDouble() < 0.45) {
            String feature = pickFeature(r, minuteMs, random);
            long ts = minuteMs + random.nextInt(40_000);
            out.accept(r.robotId, step(r, ts, "feature:" + feature, random));
            double failure = 0.04;
            Fault friction = r.fault(Fault.FRICTION);
            if (friction != null && feature.equals(friction.feature())) {
                failure = Math.min(0.7, failure + friction.rate() * friction.daysIn(minuteMs));
            }
            InjectedAnomaly spike = r.anomaly(InjectedAnomaly.FEATURE_FAILURE_SPIKE, minuteMs);
            if (spike != null && feature.equals(spike.target())) {
                failure = Math.max(failure, spike.magnitude());
            }
            double roll = random.nextDouble();
            String outcome =
                    roll < failure ? "failure" : roll < failure + 0.05 ? "abandoned" : "success";
            int duration = 5_000 + random.nextInt(outcome.equals("success") ? 120_000 : 30_000);
            StringBuilder e = session(r, ts + 1000, "feature_used", random);
            e.append(",\"feature\":\"")
                    .append(feature)
                    .append("\",\"outcome\":\"")
                    .append(outcome)
                    .append("\",\"duration_ms\":")
                    .append(duration)
                    .append(",\"attrs\":{\"app_version\":\"")
                    .append(r.firmware)
                    .append("\"}}");
            out.accept(r.robotId, e.toString());
        }
    }

    private static String pickFeature(SimRobot r, long minuteMs, Random random) {
        String[] features = features(r.environment);
        double[] weights = {0.4, 0.3, 0.2, 0.05};
        Fault emerging = r.fault(Fault.EMERGING_USAGE);
        if (emerging != null && emerging.active(minuteMs)) {
            weights[features.length - 1] =
                    0.05 * (1 + emerging.rate() * emerging.daysIn(minuteMs) * 4);
        }
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double roll = random.nextDouble() * total;
        for (int i = 0; i < features.length; i++) {
            roll -= weights[i];
            if (roll <= 0) {
                return features[i];
            }
        }
        return features[0];
    }

    private static void errors(SimRobot r, long minuteMs, Random random, Sink out) {
        Fault burst = r.fault(Fault.ERROR_BURST);
        if (burst != null && burst.active(minuteMs)) {
            double days = burst.daysIn(minuteMs);
            double perDay = burst.rate() * (1 + days * days);
            if (minuteMs >= burst.failureMs() && minuteMs < burst.failureMs() + 60_000) {
                out.accept(
                        r.robotId,
                        error(
                                r,
                                minuteMs + 500,
                                random,
                                "E_" + burst.component().toUpperCase(Locale.ROOT) + "_FAILED",
                                burst.component(),
                                "critical"));
            } else if (random.nextDouble() < perDay / 1440.0) {
                String severity = random.nextDouble() < 0.2 + 0.1 * days ? "critical" : "warning";
                out.accept(
                        r.robotId,
                        error(
                                r,
                                minuteMs + random.nextInt(59_000),
                                random,
                                "E_" + burst.component().toUpperCase(Locale.ROOT),
                                burst.component(),
                                severity));
            }
        }
        InjectedAnomaly spike = r.anomaly(InjectedAnomaly.ERROR_SPIKE, minuteMs);
        if (spike != null) {
            double perMinute = spike.magnitude() / 60;
            int count = (int) perMinute + (random.nextDouble() < perMinute % 1 ? 1 : 0);
            String component = spike.target();
            for (int i = 0; i < count; i++) {
                out.accept(
                        r.robotId,
                        error(
                                r,
                                minuteMs + random.nextInt(59_000),
                                random,
                                "E_" + component.toUpperCase(Locale.ROOT) + "_FAULT",
                                component,
                                random.nextDouble() < 0.1 ? "critical" : "warning"));
            }
        }
        for (Fault f : r.faults) {
            if ((f.kind().equals(Fault.BATTERY_FADE) || f.kind().equals(Fault.MOTOR_OVERHEATING))
                    && minuteMs >= f.failureMs()
                    && minuteMs < f.failureMs() + 60_000) {
                out.accept(
                        r.robotId,
                        error(
                                r,
                                minuteMs + 500,
                                random,
                                "E_" + f.component().toUpperCase(Locale.ROOT) + "_FAILED",
                                f.component(),
                                "critical"));
            }
        }
        if (random.nextDouble() < 1.0 / (2 * 1440)) {
            String component = new String[] {"wifi", "speech", "navigation"}[random.nextInt(3)];
            out.accept(
                    r.robotId,
                    error(
                            r,
                            minuteMs + random.nextInt(59_000),
                            random,
                            "W_" + component.toUpperCase(Locale.ROOT),
                            component,
                            "warning"));
        }
    }

    private static void status(SimRobot r, long ts, Random random, Sink out, String state) {
        if (state.equals(r.state)) {
            return;
        }
        r.state = state;
        out.accept(
                r.robotId,
                event(r, ts, "status", random)
                        .append(",\"state\":\"")
                        .append(state)
                        .append("\"}")
                        .toString());
    }

    private static String step(SimRobot r, long ts, String step, Random random) {
        return session(r, ts, "journey_step", random)
                .append(",\"step\":\"")
                .append(step)
                .append("\"}")
                .toString();
    }

    private static String error(
            SimRobot r, long ts, Random random, String code, String component, String severity) {
        return event(r, ts, "error", random)
                .append(",\"error\":{\"code\":\"")
                .append(code)
                .append("\",\"component\":\"")
                .append(component)
                .append("\",\"severity\":\"")
                .append(severity)
                .append("\"}}")
                .toString();
    }

    private static StringBuilder session(SimRobot r, long ts, String type, Random random) {
        return event(r, ts, type, random)
                .append(",\"session_id\":\"")
                .append(r.sessionId)
                .append('"');
    }

    /** The common fields, object left open for the type's fields. */
    private static StringBuilder event(SimRobot r, long ts, String type, Random random) {
        return new StringBuilder(256)
                .append("{\"event_id\":\"")
                .append(uuid(random))
                .append("\",\"robot_id\":\"")
                .append(r.robotId)
                .append("\",\"ts_ms\":")
                .append(ts)
                .append(",\"type\":\"")
                .append(type)
                .append('"');
    }

    /** A version 4 UUID from the seeded generator, so a run can be repeated exactly. */
    static String uuid(Random random) {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
