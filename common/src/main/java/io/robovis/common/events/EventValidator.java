package io.robovis.common.events;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Checks one robot event against the schema (docs/events.md). The same rules apply to events sent
 * over HTTP and to records written straight to Kafka.
 */
public class EventValidator {

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
    static final Pattern ROBOT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final int MAX_TEXT = 200;
    static final int MAX_METRICS = 100;

    /** Longest string anywhere in an event, and most values in one top-level field. */
    static final int MAX_STRING = 4 * MAX_TEXT;

    static final int MAX_NODES = 500;

    /** How far ahead of our clock a robot's timestamp may be (clock drift). */
    static final Duration MAX_FUTURE = Duration.ofMinutes(10);

    /** Older than this is not history but a broken clock. */
    static final long MIN_TS_MS = 946_684_800_000L; // 2000-01-01

    private final Clock clock;

    public EventValidator(Clock clock) {
        this.clock = clock;
    }

    /** A validator outside of a Spring context. */
    public static EventValidator forTests(Clock clock) {
        return new EventValidator(clock);
    }

    /** Why the event is invalid, or null when it is valid. */
    public Rejection check(JsonNode event) {
        if (event == null || !event.isObject()) {
            return new Rejection("invalid_event", "an event is a JSON object");
        }
        String eventId = text(event, "event_id");
        if (eventId == null) {
            return missing("event_id");
        }
        if (!isUuid(eventId)) {
            return new Rejection("invalid_field", "event_id must be a UUID");
        }
        String robotId = text(event, "robot_id");
        if (robotId == null) {
            return missing("robot_id");
        }
        if (!ROBOT_ID.matcher(robotId).matches()) {
            return new Rejection(
                    "invalid_field", "robot_id must be 1-64 letters, digits, '.', '_' or '-'");
        }
        JsonNode ts = event.get("ts_ms");
        if (ts == null || ts.isNull()) {
            return missing("ts_ms");
        }
        if (!ts.isIntegralNumber() || !ts.canConvertToLong()) {
            return new Rejection("invalid_field", "ts_ms must be epoch milliseconds (an integer)");
        }
        long tsMs = ts.asLong();
        if (tsMs < MIN_TS_MS || tsMs > clock.millis() + MAX_FUTURE.toMillis()) {
            return new Rejection(
                    "invalid_field",
                    "ts_ms is out of range (before 2000 or more than 10 minutes ahead)");
        }
        String type = text(event, "type");
        if (type == null) {
            return missing("type");
        }
        if (!TYPES.contains(type)) {
            return new Rejection(
                    "unknown_type",
                    "type must be one of " + String.join(", ", new java.util.TreeSet<>(TYPES)));
        }
        Rejection texts = checkTexts(event);
        if (texts != null) {
            return texts;
        }
        return switch (type) {
            case "telemetry" -> checkMetrics(event.get("metrics"));
            case "feature_used" -> checkFeature(event);
            case "journey_step" -> require(event, "session_id", "step");
            case "session_started", "session_ended" -> require(event, "session_id");
            case "error" -> checkError(event.get("error"));
            case "status" -> require(event, "state");
            default -> null;
        };
    }

    private static Rejection checkFeature(JsonNode event) {
        Rejection missing = require(event, "feature", "outcome");
        if (missing != null) {
            return missing;
        }
        if (!OUTCOMES.contains(text(event, "outcome"))) {
            return new Rejection(
                    "invalid_field", "outcome must be one of abandoned, failure, success");
        }
        JsonNode duration = event.get("duration_ms");
        if (duration != null
                && !duration.isNull()
                && (!duration.isIntegralNumber() || duration.asLong() < 0)) {
            return new Rejection("invalid_field", "duration_ms must be a non-negative integer");
        }
        return null;
    }

    private static Rejection checkMetrics(JsonNode metrics) {
        if (metrics == null || !metrics.isObject() || metrics.isEmpty()) {
            return new Rejection("missing_field", "telemetry needs metrics: an object of numbers");
        }
        if (metrics.size() > MAX_METRICS) {
            return new Rejection("invalid_field", "at most " + MAX_METRICS + " metrics per event");
        }
        for (Map.Entry<String, JsonNode> metric : metrics.properties()) {
            if (!metric.getValue().isNumber() || metric.getKey().length() > 64) {
                return new Rejection(
                        "invalid_field",
                        "metrics." + truncate(metric.getKey()) + " must be a number");
            }
            double value = metric.getValue().asDouble();
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                return new Rejection(
                        "invalid_field",
                        "metrics." + truncate(metric.getKey()) + " must be finite");
            }
        }
        return null;
    }

    private static Rejection checkError(JsonNode error) {
        if (error == null || !error.isObject()) {
            return new Rejection(
                    "missing_field", "an error event needs error: {code, component, severity}");
        }
        Rejection missing = require(error, "code", "component", "severity");
        if (missing != null) {
            return new Rejection(missing.code(), "error." + missing.detail());
        }
        if (!SEVERITIES.contains(text(error, "severity"))) {
            return new Rejection(
                    "invalid_field", "error.severity must be one of critical, info, warning");
        }
        return null;
    }

    /**
     * Strings are bounded and free of NUL (which PostgreSQL's jsonb refuses); objects are bounded.
     */
    private static Rejection checkTexts(JsonNode node) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            int[] budget = {MAX_NODES};
            if (!bounded(field.getValue(), budget)) {
                return new Rejection(
                        "invalid_field", truncate(field.getKey()) + " is too large or holds a NUL");
            }
        }
        return null;
    }

    /** Walks the value without serializing it; false when too big or holding a NUL. */
    private static boolean bounded(JsonNode value, int[] budget) {
        if (--budget[0] < 0) {
            return false;
        }
        if (value.isString()) {
            String s = value.asString();
            return s.length() <= MAX_STRING && s.indexOf('\u0000') < 0;
        }
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> child : value.properties()) {
                if (child.getKey().length() > MAX_TEXT
                        || child.getKey().indexOf('\u0000') >= 0
                        || !bounded(child.getValue(), budget)) {
                    return false;
                }
            }
        } else if (value.isArray()) {
            for (JsonNode child : value) {
                if (!bounded(child, budget)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Rejection require(JsonNode node, String... fields) {
        for (String field : fields) {
            String value = text(node, field);
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

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }

    private static boolean isUuid(String value) {
        if (value.length() != 36) {
            return false;
        }
        try {
            UUID.fromString(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String truncate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    /** Why an event was rejected: a stable code and a detail for people. */
    public record Rejection(String code, String detail) {}
}
