package io.robovis.common.events;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The one registry of RoboVis topics. Each topic's contract, with an example record, is in {@code
 * docs/events.md}.
 */
public final class Topics {

    /** What robots send: keyed by robot id, JSON robot events. */
    public static final Topic<String, JsonNode> ROBOT_EVENTS =
            new Topic<>("robovis.robot-events.v1", String.class, JsonNode.class, false, 12);

    /** Records of {@link #ROBOT_EVENTS} that failed validation, unchanged, reason in headers. */
    public static final Topic<String, byte[]> ROBOT_EVENTS_REJECTED =
            new Topic<>("robovis.robot-events.rejected.v1", String.class, byte[].class, false, 3);

    /** Tenants and their settings: compacted, keyed by tenant id. Written by api-gateway. */
    public static final Topic<String, TenantRecord> TENANTS =
            new Topic<>("robovis.tenants.v1", String.class, TenantRecord.class, true, 3);

    /** The robot registry: compacted, keyed by robot id, tombstone on deprovisioning. */
    public static final Topic<String, JsonNode> ROBOTS =
            new Topic<>("robovis.robots.v1", String.class, JsonNode.class, true, 12);

    /** Latest health score, risk and predictions per robot: compacted, keyed by robot id. */
    public static final Topic<String, JsonNode> ROBOT_HEALTH =
            new Topic<>("robovis.robot-health.v1", String.class, JsonNode.class, true, 12);

    /** What the platform concludes (offline, anomalies, predictions, insights, reports). */
    public static final Topic<String, PlatformEvent> PLATFORM_EVENTS =
            new Topic<>("robovis.platform-events.v1", String.class, PlatformEvent.class, false, 12);

    /**
     * Revoked tokens and sessions (logout; a user disabled, its password or role changed): every
     * instance of every service reads all of it and refuses those tokens. Kept 7 days, longer than
     * any token lives.
     */
    public static final Topic<String, RevocationRecord> REVOCATIONS =
            new Topic<>("robovis.revocations.v1", String.class, RevocationRecord.class, false, 3);

    /**
     * Ingest keys, hashed, with their scope: compacted, keyed by key id, a revoked key's last
     * record says so. Written by api-gateway; read by every service that accepts keys.
     */
    public static final Topic<String, IngestKeyRecord> INGEST_KEYS =
            new Topic<>("robovis.ingest-keys.v1", String.class, IngestKeyRecord.class, true, 3);

    public static final List<Topic<?, ?>> ALL =
            List.of(
                    ROBOT_EVENTS,
                    ROBOT_EVENTS_REJECTED,
                    TENANTS,
                    ROBOTS,
                    ROBOT_HEALTH,
                    PLATFORM_EVENTS,
                    REVOCATIONS,
                    INGEST_KEYS);

    /** Topic-level configuration the platform applies when it creates a topic. */
    public static Map<String, String> config(Topic<?, ?> topic) {
        return topic.compacted()
                ? Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000")
                : Map.of(
                        "cleanup.policy",
                        "delete",
                        "retention.ms",
                        String.valueOf(7L * 24 * 3600 * 1000));
    }

    private Topics() {}
}
