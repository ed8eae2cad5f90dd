package io.robovis.common.outbox;

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
        String topic, String key, byte[] value, String ceId, String ceType, String ceSubject) {}
