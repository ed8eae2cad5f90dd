package io.robovis.common.events;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads robot events and checks them against the schema (docs/events.md) in one streaming pass: no
 * JSON tree is built, and the fields the projections use come out of the same pass. The same rules
 * apply to events sent over HTTP and to records written straight to Kafka. Every event goes through
 * here up to three times (the ingestion and both projections), so the rules are written by hand
 * rather than with trees, regular expressions or {@code UUID.fromString}.
 */
public class EventReader {

    public static final Set<String> TYPES =
            Set.of(
                    "heartbeat",
                    "telemetry",
                    "session_started",
                    "session_ended",
                    "feature_used",
                    "journey_step",
                    "error",
                    "status");
    static final Set<String> OUTCOMES = Set.of("success", "failure", "abandoned");
    static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");
    static final int MAX_ROBOT_ID = 64;
    static final int MAX_TEXT = 200;
    static final int MAX_METRICS = 100;
    static final int MAX_METRIC_NAME = 64;

    /** Longest string anywhere in an event, and most values in one top-level field. */
    static final int MAX_STRING = 4 * MAX_TEXT;

    static final int MAX_NODES = 500;

    /** How far ahead of our clock a robot's timestamp may be (clock drift). */
    static final Duration MAX_FUTURE = Duration.ofMinutes(10);

    /** Older than this is not history but a broken clock. */
    static final long MIN_TS_MS = 946_684_800_000L; // 2000-01-01

    private static final Rejection NOT_JSON =
            new Rejection("invalid_json", "the value is not a JSON object");
    private static final Rejection NOT_UTF8 =
            new Rejection("invalid_json", "the event is not UTF-8 JSON text");
    private static final Rejection NOT_AN_OBJECT =
            new Rejection("invalid_event", "an event is a JSON object");

    private final JsonMapper json;
    private final Clock clock;

    public EventReader(JsonMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /** One whole event: a Kafka record's value or an NDJSON line. */
    public Read read(byte[] bytes) {
        return read(bytes, true);
    }

    /**
     * As {@link #read(byte[])} for an event that is only checked and forwarded: its metrics are
     * checked without reading their values ({@link RobotEvent#metrics()} is empty).
     */
    public Read check(byte[] bytes) {
        return read(bytes, false);
    }

    private Read read(byte[] bytes, boolean values) {
        if (bytes == null || !startsAsText(bytes)) {
            return Read.rejected(NOT_JSON);
        }
        try (JsonParser parser = json.createParser(bytes)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return Read.rejected(NOT_JSON);
            }
            Read read = next(parser, bytes, true, values);
            return parser.nextToken() == null ? read : Read.rejected(NOT_JSON);
        } catch (JacksonException e) {
            return Read.rejected(NOT_JSON);
        }
    }

    /**
     * Checks the value the parser is on, an element of a JSON array read from {@code source},
     * consumed to its end, as {@link #check(byte[])} does; a valid event gets its own copy of its
     * bytes. Unreadable JSON throws.
     */
    public Read check(JsonParser parser, byte[] source) {
        return next(parser, source, false, false);
    }

    private Read next(JsonParser parser, byte[] source, boolean whole, boolean values) {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return Read.rejected(NOT_AN_OBJECT);
        }
        int start = (int) parser.currentTokenLocation().getByteOffset();
        Draft draft = new Draft(values);
        readFields(parser, draft);
        Rejection rejection = check(draft);
        if (rejection != null) {
            return Read.rejected(rejection);
        }
        int end = (int) parser.currentLocation().getByteOffset();
        // no byte offsets: the parser decoded UTF-16 or UTF-32
        if (start < 0 || !isUtf8(source, whole ? 0 : start, whole ? source.length : end)) {
            return Read.rejected(NOT_UTF8);
        }
        byte[] bytes = whole ? source : Arrays.copyOfRange(source, start, end);
        return new Read(draft.event(bytes, whole ? 0 : start), null);
    }

    /**
     * Whether the value starts, after any whitespace, with a printable ASCII character. The parser
     * would also read a value that starts with a byte order mark or is UTF-16 or UTF-32, which
     * PostgreSQL refuses: the event's bytes are stored and forwarded as they are.
     */
    private static boolean startsAsText(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b > ' ' && b < 0x7F;
            }
        }
        return true;
    }

    /**
     * Whether the bytes are UTF-8 as PostgreSQL reads it (which stores them as sent). The parser
     * lets through some byte sequences that are not (overlong forms), and an event the database
     * refuses would fail its whole batch on every retry.
     */
    static boolean isUtf8(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] < 0) {
                try {
                    StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, i, to - i));
                    return true;
                } catch (CharacterCodingException e) {
                    return false;
                }
            }
        }
        return true;
    }

    /** What one pass over an event's fields found; checked afterwards, in the schema's order. */
    private static final class Draft {
        final boolean values;
        String eventId;
        String robotId;
        String type;
        String sessionId;
        String feature;
        String outcome;
        String step;
        String state;
        JsonToken ts;
        long tsMs;
        boolean tsFits;
        JsonToken duration;
        long durationMs;
        boolean durationFits;
        boolean metricsObject;
        int metricsCount;
        Map<String, Double> metrics;
        int metricsStart;
        int metricsEnd;
        Rejection badMetric;
        boolean errorObject;
        String errorCode;
        String errorComponent;
        String errorSeverity;
        String tooLarge;

        Draft(boolean values) {
            this.values = values;
        }

        /** The event, its bytes starting at {@code start} of what was parsed. */
        RobotEvent event(byte[] bytes, int start) {
            boolean telemetry = values && "telemetry".equals(type);
            return new RobotEvent(
                    bytes,
                    eventId,
                    robotId,
                    tsMs,
                    type,
                    sessionId,
                    telemetry ? metrics : Map.of(),
                    telemetry ? metricsStart - start : 0,
                    telemetry ? metricsEnd - start : 0,
                    feature,
                    outcome,
                    duration == JsonToken.VALUE_NUMBER_INT ? durationMs : -1,
                    step,
                    state,
                    errorComponent,
                    errorSeverity);
        }
    }

    private static void readFields(JsonParser p, Draft d) {
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken t = p.nextToken();
            boolean bounded =
                    switch (name) {
                        case "event_id" -> bounded(d.eventId = string(p, t), p, t);
                        case "robot_id" -> bounded(d.robotId = string(p, t), p, t);
                        case "type" -> bounded(d.type = string(p, t), p, t);
                        case "session_id" -> bounded(d.sessionId = string(p, t), p, t);
                        case "feature" -> bounded(d.feature = string(p, t), p, t);
                        case "outcome" -> bounded(d.outcome = string(p, t), p, t);
                        case "step" -> bounded(d.step = string(p, t), p, t);
                        case "state" -> bounded(d.state = string(p, t), p, t);
                        case "ts_ms" -> {
                            d.ts = t;
                            d.tsFits = fitsLong(p, t);
                            d.tsMs = d.tsFits ? p.getLongValue() : 0;
                            yield walk(p, t);
                        }
                        case "duration_ms" -> {
                            d.duration = t;
                            d.durationFits = fitsLong(p, t);
                            d.durationMs = d.durationFits ? p.getLongValue() : 0;
                            yield walk(p, t);
                        }
                        case "metrics" -> {
                            d.metricsObject = false;
                            yield t == JsonToken.START_OBJECT ? metrics(p, d) : walk(p, t);
                        }
                        case "error" -> {
                            d.errorObject = false;
                            d.errorCode = d.errorComponent = d.errorSeverity = null;
                            yield t == JsonToken.START_OBJECT ? error(p, d) : walk(p, t);
                        }
                        default -> walk(p, t);
                    };
            if (!bounded && d.tooLarge == null) {
                d.tooLarge = name;
            }
        }
    }

    /** The value when it is a string, else null (and the value is not consumed). */
    private static String string(JsonParser p, JsonToken t) {
        return t == JsonToken.VALUE_STRING ? p.getString() : null;
    }

    /** Whether a field holding {@code text} (or, when null, another value) is within bounds. */
    private static boolean bounded(String text, JsonParser p, JsonToken t) {
        return text != null
                ? text.length() <= MAX_STRING && text.indexOf('\u0000') < 0
                : walk(p, t);
    }

    private static boolean fitsLong(JsonParser p, JsonToken t) {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            return false;
        }
        JsonParser.NumberType type = p.getNumberType();
        return type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG;
    }

    /** The metrics object: each number kept, the first bad entry noted; bounded as any field. */
    private static boolean metrics(JsonParser p, Draft d) {
        d.metricsObject = true;
        d.metricsStart = (int) p.currentTokenLocation().getByteOffset();
        d.metrics = d.values ? new HashMap<>() : null;
        d.metricsCount = 0;
        d.badMetric = null;
        int[] budget = {MAX_NODES - 1};
        boolean ok = true;
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken t = p.nextToken();
            d.metricsCount++;
            boolean number = t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT;
            if (number && name.length() <= MAX_METRIC_NAME) {
                boolean finite;
                if (d.values) {
                    double value = p.getDoubleValue();
                    finite = Double.isFinite(value);
                    if (finite) {
                        d.metrics.put(name, value);
                    }
                } else {
                    finite = finite(p);
                }
                if (!finite && d.badMetric == null) {
                    d.badMetric =
                            new Rejection(
                                    "invalid_field",
                                    "metrics." + truncate(name) + " must be finite");
                }
            } else if (d.badMetric == null) {
                d.badMetric =
                        new Rejection(
                                "invalid_field", "metrics." + truncate(name) + " must be a number");
            }
            ok = walk(p, t, budget, ok && key(name));
        }
        d.metricsEnd = (int) p.currentLocation().getByteOffset();
        return ok;
    }

    /**
     * Whether the number the parser is on is finite, mostly without parsing it: below 300 digits
     * and without an exponent, it is far below Double.MAX_VALUE.
     */
    private static boolean finite(JsonParser p) {
        int length = p.getStringLength();
        if (length < 300) {
            char[] chars = p.getStringCharacters();
            int from = p.getStringOffset();
            boolean exponent = false;
            for (int i = from; i < from + length && !exponent; i++) {
                exponent = chars[i] == 'e' || chars[i] == 'E';
            }
            if (!exponent) {
                return true;
            }
        }
        return Double.isFinite(p.getDoubleValue());
    }

    /** The error object's code, component and severity; bounded as any field. */
    private static boolean error(JsonParser p, Draft d) {
        d.errorObject = true;
        int[] budget = {MAX_NODES - 1};
        boolean ok = true;
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "code" -> d.errorCode = string(p, t);
                case "component" -> d.errorComponent = string(p, t);
                case "severity" -> d.errorSeverity = string(p, t);
                default -> {
                    // other details are kept in the event as sent
                }
            }
            ok = walk(p, t, budget, ok && key(name));
        }
        return ok;
    }

    private static boolean walk(JsonParser p, JsonToken t) {
        return walk(p, t, new int[] {MAX_NODES}, true);
    }

    /**
     * Consumes the value at {@code t} without building it; false when it, or {@code ok} before it,
     * breaks a bound: more than {@link #MAX_NODES} values in the field, a string longer than {@link
     * #MAX_STRING}, a key longer than {@link #MAX_TEXT}, or a NUL (which PostgreSQL's jsonb
     * refuses).
     */
    private static boolean walk(JsonParser p, JsonToken t, int[] budget, boolean ok) {
        if (!ok || --budget[0] < 0) {
            p.skipChildren();
            return false;
        }
        switch (t) {
            case VALUE_STRING -> {
                return boundedString(p);
            }
            case START_OBJECT -> {
                String name;
                while ((name = p.nextName()) != null) {
                    ok = walk(p, p.nextToken(), budget, ok && key(name));
                }
                return ok;
            }
            case START_ARRAY -> {
                JsonToken element;
                while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
                    ok = walk(p, element, budget, ok);
                }
                return ok;
            }
            default -> {
                return true;
            }
        }
    }

    private static boolean key(String name) {
        return name.length() <= MAX_TEXT && name.indexOf('\u0000') < 0;
    }

    private static boolean boundedString(JsonParser p) {
        int length = p.getStringLength();
        if (length > MAX_STRING) {
            return false;
        }
        char[] chars = p.getStringCharacters();
        int from = p.getStringOffset();
        for (int i = from; i < from + length; i++) {
            if (chars[i] == '\u0000') {
                return false;
            }
        }
        return true;
    }

    /** Why the event is invalid, in the schema's order, or null when it is valid. */
    private Rejection check(Draft d) {
        if (d.eventId == null) {
            return missing("event_id");
        }
        if (!isUuid(d.eventId)) {
            return new Rejection("invalid_field", "event_id must be a UUID");
        }
        if (d.robotId == null) {
            return missing("robot_id");
        }
        if (!isRobotId(d.robotId)) {
            return new Rejection(
                    "invalid_field", "robot_id must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (d.ts == null || d.ts == JsonToken.VALUE_NULL) {
            return missing("ts_ms");
        }
        if (!d.tsFits) {
            return new Rejection("invalid_field", "ts_ms must be epoch milliseconds (an integer)");
        }
        if (d.tsMs < MIN_TS_MS || d.tsMs > clock.millis() + MAX_FUTURE.toMillis()) {
            return new Rejection(
                    "invalid_field",
                    "ts_ms is out of range (before 2000 or more than 10 minutes ahead)");
        }
        if (d.type == null) {
            return missing("type");
        }
        if (!TYPES.contains(d.type)) {
            return new Rejection(
                    "unknown_type",
                    "type must be one of " + String.join(", ", new java.util.TreeSet<>(TYPES)));
        }
        if (d.tooLarge != null) {
            return new Rejection(
                    "invalid_field", truncate(d.tooLarge) + " is too large or holds a NUL");
        }
        return switch (d.type) {
            case "telemetry" -> checkMetrics(d);
            case "feature_used" -> checkFeature(d);
            case "journey_step" -> require("session_id", d.sessionId, "step", d.step);
            case "session_started", "session_ended" -> require("session_id", d.sessionId);
            case "error" -> checkError(d);
            case "status" -> require("state", d.state);
            default -> null;
        };
    }

    private static Rejection checkFeature(Draft d) {
        Rejection missing = require("feature", d.feature, "outcome", d.outcome);
        if (missing != null) {
            return missing;
        }
        if (!OUTCOMES.contains(d.outcome)) {
            return new Rejection(
                    "invalid_field", "outcome must be one of abandoned, failure, success");
        }
        if (d.duration != null
                && d.duration != JsonToken.VALUE_NULL
                && (!d.durationFits || d.durationMs < 0)) {
            return new Rejection("invalid_field", "duration_ms must be a non-negative integer");
        }
        return null;
    }

    private static Rejection checkMetrics(Draft d) {
        if (!d.metricsObject || d.metricsCount == 0) {
            return new Rejection("missing_field", "telemetry needs metrics: an object of numbers");
        }
        if (d.metricsCount > MAX_METRICS) {
            return new Rejection("invalid_field", "at most " + MAX_METRICS + " metrics per event");
        }
        return d.badMetric;
    }

    private static Rejection checkError(Draft d) {
        if (!d.errorObject) {
            return new Rejection(
                    "missing_field", "an error event needs error: {code, component, severity}");
        }
        Rejection missing =
                require(
                        "code", d.errorCode,
                        "component", d.errorComponent,
                        "severity", d.errorSeverity);
        if (missing != null) {
            return new Rejection(missing.code(), "error." + missing.detail());
        }
        if (!SEVERITIES.contains(d.errorSeverity)) {
            return new Rejection(
                    "invalid_field", "error.severity must be one of critical, info, warning");
        }
        return null;
    }

    /** Pairs of a field's name and its text: each present, not blank, within bounds. */
    private static Rejection require(String... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String field = namesAndValues[i];
            String value = namesAndValues[i + 1];
            if (value == null || value.isBlank()) {
                return missing(field);
            }
            if (value.length() > MAX_TEXT) {
                return new Rejection(
                        "invalid_field", field + " is longer than " + MAX_TEXT + " characters");
            }
        }
        return null;
    }

    private static Rejection missing(String field) {
        return new Rejection("missing_field", field + " is required");
    }

    /** 8-4-4-4-12 hexadecimal digits, as PostgreSQL's uuid reads them. */
    static boolean isUuid(String value) {
        if (value.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = value.charAt(i);
            boolean ok =
                    i == 8 || i == 13 || i == 18 || i == 23
                            ? c == '-'
                            : (c >= '0' && c <= '9')
                                    || (c >= 'a' && c <= 'f')
                                    || (c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A letter or digit, then up to 63 letters, digits, '.', '_' or '-'. */
    static boolean isRobotId(String value) {
        if (value.isEmpty() || value.length() > MAX_ROBOT_ID) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean alphanumeric =
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphanumeric && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
                return false;
            }
        }
        return true;
    }

    private static String truncate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    /** A valid event, or why it was rejected. */
    public record Read(RobotEvent event, Rejection rejection) {
        static Read rejected(Rejection rejection) {
            return new Read(null, rejection);
        }
    }

    /** Why an event was rejected: a stable code and a detail for people. */
    public record Rejection(String code, String detail) {}
}
