package io.robovis.local.simulator;

import java.util.ArrayList;
import java.util.List;

/** A simulated robot: its registry fields, its faults, and its running state. */
final class SimRobot {

    final String robotId;
    final String clientId;
    final String site;
    final String environment;
    final String model;
    final String firmware;
    final List<Fault> faults = new ArrayList<>();
    final List<InjectedAnomaly> anomalies = new ArrayList<>();

    // running state, advanced minute by minute
    double batteryPct;
    double batteryHealthPct;
    int batteryCycles;
    double odometerM;
    boolean charging;
    String state = "idle";
    String sessionId;
    int sessionMinutesLeft;
    int sessionCounter;

    SimRobot(
            String robotId,
            String clientId,
            String site,
            String environment,
            String model,
            String firmware) {
        this.robotId = robotId;
        this.clientId = clientId;
        this.site = site;
        this.environment = environment;
        this.model = model;
        this.firmware = firmware;
    }

    /** The anomaly of this kind active at {@code tMs}, or null. */
    InjectedAnomaly anomaly(String kind, long tMs) {
        for (InjectedAnomaly a : anomalies) {
            if (a.kind().equals(kind) && a.active(tMs)) {
                return a;
            }
        }
        return null;
    }

    Fault fault(String kind) {
        for (Fault f : faults) {
            if (f.kind().equals(kind)) {
                return f;
            }
        }
        return null;
    }
}
