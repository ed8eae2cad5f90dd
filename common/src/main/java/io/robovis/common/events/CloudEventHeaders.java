package io.robovis.common.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;

/**
 * CloudEvents 1.0 Kafka binary-mode headers, so that downstream systems can consume RoboVis topics
 * directly.
 */
public final class CloudEventHeaders {

    public static final String SPECVERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";

    /**
     * Not CloudEvents: on {@code robovis.robot-events.v1}, when the HTTP ingestion received the
     * event (epoch ms). Absent on records of direct producers.
     */
    public static final String RECEIVED_MS = "robovis_received_ms";

    /** Adds the CloudEvents headers; {@code subject} (a robot id) may be null. */
    public static Headers add(
            Headers headers, String id, String type, String source, Instant time, String subject) {
        put(headers, SPECVERSION, "1.0");
        put(headers, ID, id);
        put(headers, TYPE, type);
        put(headers, SOURCE, source);
        put(headers, TIME, time.toString());
        put(headers, CONTENT_TYPE, "application/json");
        if (subject != null) {
            put(headers, SUBJECT, subject);
        }
        return headers;
    }

    /**
     * When the platform received a robot event: its {@link #RECEIVED_MS} header, never later than
     * {@code nowMs}; {@code nowMs} for a direct producer's record (or an unreadable header).
     */
    public static long receivedMs(Headers headers, long nowMs) {
        String received = get(headers, RECEIVED_MS);
        if (received != null) {
            try {
                return Math.min(Long.parseLong(received), nowMs);
            } catch (NumberFormatException ignored) {
                // treated as received now
            }
        }
        return nowMs;
    }

    /** The value of a header as text, or null when absent. */
    public static String get(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private CloudEventHeaders() {}
}
