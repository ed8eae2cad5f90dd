package io.robovis.insight.facts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The period facts describe, [fromMs, toMs), and the period of the same length just before it,
 * which week-over-week comparisons use. Hourly projections count for a window when their hour
 * starts inside it.
 */
public record Window(long fromMs, long toMs) {

    public static final long DAY_MS = 86_400_000L;

    public long lengthMs() {
        return toMs - fromMs;
    }

    public long previousFromMs() {
        return fromMs - lengthMs();
    }

    public double days() {
        return lengthMs() / (double) DAY_MS;
    }

    /** The last {@code ms} of this window. */
    public Window last(long ms) {
        return new Window(Math.max(fromMs, toMs - ms), toMs);
    }

    /** As the facts show it. */
    Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", Instant.ofEpochMilli(fromMs).toString());
        out.put("to", Instant.ofEpochMilli(toMs).toString());
        out.put("days", Facts.round(days()));
        out.put("previous_from", Instant.ofEpochMilli(previousFromMs()).toString());
        return out;
    }
}
