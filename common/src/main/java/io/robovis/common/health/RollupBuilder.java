package io.robovis.common.health;

import io.robovis.common.health.HourlyRollup.ErrorCount;
import io.robovis.common.health.HourlyRollup.Stat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds one robot's hourly rollups from its events, in memory: what the event store's rollup job
 * computes in SQL, for the evaluation and for tests. Feed each event once.
 */
public final class RollupBuilder {

    private final TreeMap<Long, Hour> hours = new TreeMap<>();

    private static final class Hour {
        final Map<String, Stat> metrics = new HashMap<>();
        final Map<String, ErrorCount> errors = new HashMap<>();
        int uses;
        int failures;
        int events;
    }

    /**
     * One event, whatever its type: telemetry adds its numeric metrics, an error counts for its
     * component (critical or not), a feature use counts as failed unless its outcome is success,
     * anything else is only counted.
     *
     * @param metrics the numeric metrics of a telemetry event, else ignored
     * @param errorComponent an error's component (null or empty: "unknown")
     */
    public void event(
            long tsMs,
            String type,
            Map<String, Double> metrics,
            String errorComponent,
            boolean critical,
            String outcome) {
        switch (type) {
            case "telemetry" -> telemetry(tsMs, metrics);
            case "error" ->
                    error(
                            tsMs,
                            errorComponent == null || errorComponent.isEmpty()
                                    ? "unknown"
                                    : errorComponent,
                            critical);
            case "feature_used" -> featureUsed(tsMs, !"success".equals(outcome));
            default -> other(tsMs);
        }
    }

    public void telemetry(long tsMs, Map<String, Double> metrics) {
        Hour h = hour(tsMs);
        metrics.forEach((name, v) -> h.metrics.merge(name, new Stat(1, v, v, v), Stat::plus));
    }

    public void error(long tsMs, String component, boolean critical) {
        hour(tsMs).errors.merge(component, new ErrorCount(1, critical ? 1 : 0), ErrorCount::plus);
    }

    public void featureUsed(long tsMs, boolean failed) {
        Hour h = hour(tsMs);
        h.uses++;
        if (failed) {
            h.failures++;
        }
    }

    /** Any other event (heartbeat, session, status…): counted only. */
    public void other(long tsMs) {
        hour(tsMs);
    }

    private Hour hour(long tsMs) {
        Hour h =
                hours.computeIfAbsent(
                        tsMs - Math.floorMod(tsMs, HourlyRollup.HOUR_MS), k -> new Hour());
        h.events++;
        return h;
    }

    /** The rollups of the hours that start before {@code beforeMs}. */
    public List<HourlyRollup> rollups(long beforeMs) {
        List<HourlyRollup> out = new ArrayList<>();
        hours.headMap(beforeMs, false)
                .forEach(
                        (start, h) ->
                                out.add(
                                        new HourlyRollup(
                                                start,
                                                Map.copyOf(h.metrics),
                                                Map.copyOf(h.errors),
                                                h.uses,
                                                h.failures,
                                                h.events)));
        return out;
    }
}
