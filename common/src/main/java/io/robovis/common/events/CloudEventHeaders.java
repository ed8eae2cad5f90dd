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

    private static final byte[] SPECVERSION_1_0 = bytes("1.0");
    private static final byte[] APPLICATION_JSON = bytes("application/json");

    /**
     * Adds the CloudEvents headers to a new record's headers (a record with some of them already
     * would carry them twice); {@code subject} (a robot id) may be null.
     */
    public static Headers add(
            Headers headers, String id, String type, String source, Instant time, String subject) {
        return add(headers, id, bytes(type), bytes(source), time, subject);
    }

    /**
     * As {@link #add(Headers, String, String, String, Instant, String)}, with the type's and the
     * source's bytes given: a producer that sends many records of a few types keeps them.
     */
    public static Headers add(
            Headers headers, String id, byte[] type, byte[] source, Instant time, String subject) {
        headers.add(SPECVERSION, SPECVERSION_1_0);
        headers.add(ID, bytes(id));
        headers.add(TYPE, type);
        headers.add(SOURCE, source);
        headers.add(TIME, bytes(time.toString()));
        headers.add(CONTENT_TYPE, APPLICATION_JSON);
        if (subject != null) {
            headers.add(SUBJECT, bytes(subject));
        }
        return headers;
    }

    public static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * When the platform received a robot event: its {@link #RECEIVED_MS} header, never later than
     * {@code nowMs}; {@code nowMs} for a direct producer's record (or an unreadable header).
     */
    public static long receivedMs(Headers headers, long nowMs) {
        var header = headers.lastHeader(RECEIVED_MS);
        byte[] digits = header == null ? null : header.value();
        if (digits == null || digits.length == 0 || digits.length > 18) {
            return nowMs; // a direct producer's record, or not a time
        }
        long ms = 0;
        for (byte digit : digits) {
            if (digit < '0' || digit > '9') {
                return nowMs;
            }
            ms = ms * 10 + (digit - '0');
        }
        return Math.min(ms, nowMs);
    }

    /** The value of a header as text, or null when absent. */
    public static String get(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private CloudEventHeaders() {}
}
