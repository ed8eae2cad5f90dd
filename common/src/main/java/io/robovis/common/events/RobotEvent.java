package io.robovis.common.events;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * A valid robot event (docs/events.md), read by {@link EventReader}: its JSON as sent, and the
 * fields that the platform's projections use. Text fields a type does not require may be null.
 *
 * @param json the event's bytes as sent: published, stored and forwarded unchanged
 * @param metrics a telemetry event's metrics, else empty (and empty when only checked)
 * @param metricsFrom where a telemetry event's metrics object starts in {@code json} (when read,
 *     not only checked)
 * @param metricsTo where it ends, or {@code metricsFrom} when there is none
 * @param durationMs a feature use's duration, or -1
 */
public record RobotEvent(
        byte[] json,
        String eventId,
        String robotId,
        long tsMs,
        String type,
        String sessionId,
        Map<String, Double> metrics,
        int metricsFrom,
        int metricsTo,
        String feature,
        String outcome,
        long durationMs,
        String step,
        String state,
        String errorComponent,
        String errorSeverity) {

    public UUID id() {
        return UUID.fromString(eventId);
    }

    /** A telemetry event's metrics object as sent, or null (and null when only checked). */
    public String metricsJson() {
        return metricsTo > metricsFrom
                ? new String(json, metricsFrom, metricsTo - metricsFrom, StandardCharsets.UTF_8)
                : null;
    }

    public String text() {
        return new String(json, StandardCharsets.UTF_8);
    }

    public boolean isTelemetry() {
        return "telemetry".equals(type);
    }

    public boolean isCriticalError() {
        return "critical".equals(errorSeverity);
    }
}
