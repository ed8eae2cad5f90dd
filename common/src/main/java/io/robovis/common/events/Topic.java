package io.robovis.common.events;

/**
 * A Kafka topic of the platform: its name, the types of its keys and values, and how it is kept.
 *
 * @param name the topic name, versioned ({@code robovis.<what>.v1})
 * @param keyType the record key type (robot id or tenant id: always a string today)
 * @param valueType the JSON value type
 * @param compacted whether the topic is a compacted changelog (latest value per key)
 * @param partitions the partition count used when the platform creates the topic
 */
public record Topic<K, V>(
        String name, Class<K> keyType, Class<V> valueType, boolean compacted, int partitions) {}
