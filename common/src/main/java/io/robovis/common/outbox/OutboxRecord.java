package io.robovis.common.outbox;

import io.robovis.common.events.PlatformEvent;
import io.robovis.common.events.Topics;
import tools.jackson.databind.json.JsonMapper;

/**
 * A record to publish once the transaction that wrote it commits.
 *
 * @param topic the topic name
 * @param key the record key (robot id)
 * @param value the JSON value, or null for a tombstone
 * @param ceId the CloudEvents id (the platform event id where there is one)
 * @param ceType the CloudEvents type
 * @param ceSubject the robot id, or null
 */
public record OutboxRecord(
        String topic, String key, byte[] value, String ceId, String ceType, String ceSubject) {

    /**
     * A platform event for {@code robovis.platform-events.v1}: its id is the CloudEvents id, its
     * type the CloudEvents type.
     *
     * @param key the record key (the robot id, or the tenant id of a fleet-wide event)
     * @param robotId the CloudEvents subject, or null
     */
    public static OutboxRecord platformEvent(
            PlatformEvent event, String key, String robotId, JsonMapper json) {
        return new OutboxRecord(
                Topics.PLATFORM_EVENTS.name(),
                key,
                json.writeValueAsBytes(event),
                event.id(),
                event.type(),
                robotId);
    }
}
