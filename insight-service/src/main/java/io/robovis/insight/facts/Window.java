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

    /**
     * An ISO-8601 instant (2026-04-08T14:30:00Z) or date (2026-04-08, its start in UTC) given as
     * {@code field}, else a 400 that says the format.
     */
    public static long instant(String field, String value) {
        try {
            return java.time.Instant.parse(value).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(value)
                        .atStartOfDay(java.time.ZoneOffset.UTC)
                        .toInstant()
                        .toEpochMilli();
            } catch (java.time.format.DateTimeParseException e2) {
                throw new io.robovis.common.problem.ProblemException(
                        org.springframework.http.HttpStatus.BAD_REQUEST,
                        "invalid_window",
                        field
                                + " must be an ISO-8601 instant (2026-04-08T14:30:00Z) or date"
                                + " (2026-04-08).");
            }
        }
    }

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
