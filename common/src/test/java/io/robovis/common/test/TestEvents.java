package io.robovis.common.test;

import io.robovis.common.events.TenantRecord;
import io.robovis.common.events.Topics;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/** Robot events and tenant records as tests build them, shared by the services' tests. */
public final class TestEvents {

    /** An id unique to one test, so tests never see each other's data. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A robot event with a fresh event_id and the given fields. */
    public static Map<String, Object> event(
            String robotId, long tsMs, String type, Map<String, Object> fields) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_id", UUID.randomUUID().toString());
        event.put("robot_id", robotId);
        event.put("ts_ms", tsMs);
        event.put("type", type);
        event.putAll(fields);
        return event;
    }

    /** An error event of a component. */
    public static Map<String, Object> error(
            String robotId, long tsMs, String component, String severity) {
        return event(
                robotId,
                tsMs,
                "error",
                Map.of(
                        "error",
                        Map.of(
                                "code",
                                "E_" + component,
                                "component",
                                component,
                                "severity",
                                severity)));
    }

    /** Publishes a tenant on robovis.tenants.v1, as the gateway does (UTC, 300 s, 365 days). */
    public static void publishTenant(JsonMapper json, String id, String type, String language) {
        TopicReader.send(
                Topics.TENANTS.name(),
                id,
                json.writeValueAsString(
                        new TenantRecord(
                                id,
                                type,
                                id,
                                "UTC",
                                language,
                                300,
                                null,
                                null,
                                365,
                                false,
                                Instant.now().toString())),
                Map.of());
    }

    private TestEvents() {}
}
