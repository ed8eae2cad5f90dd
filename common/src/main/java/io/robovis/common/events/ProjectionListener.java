package io.robovis.common.events;

/**
 * The settings that the listeners projecting {@code robovis.robot-events.v1} into a service's
 * tables share (robot-service's event store, insight-service's projections), as annotation values.
 */
public final class ProjectionListener {

    /** The topic they read. */
    public static final String TOPIC = "#{T(io.robovis.common.events.Topics).ROBOT_EVENTS.name()}";

    /** Consumers per service instance: {@code robovis.projection.concurrency}, by default 2. */
    public static final String CONCURRENCY = "${robovis.projection.concurrency:2}";

    /**
     * A fetch waits for 1 MB of events or 500 ms: fewer, larger batches, each a transaction of the
     * same statements (docs/benchmarks.md, runs 38 and 39).
     */
    public static final String FETCH_MIN_BYTES =
            "fetch.min.bytes=${robovis.projection.fetch-min-bytes:1048576}";

    /** The other half of {@link #FETCH_MIN_BYTES}. */
    public static final String FETCH_MAX_WAIT =
            "fetch.max.wait.ms=${robovis.projection.fetch-max-wait-ms:500}";

    /**
     * A batch takes up to 20,000 events when that many wait (a backlog): what a transaction costs
     * per robot (its rollup hours, its presence, insight-service's detector state) is then shared
     * by four times as many of its events as with 5,000 (docs/benchmarks.md, runs 69 and 70). With
     * the local stack's 3 GB heaps, 40,000 (alive through more collections) and 10,000 (shared by
     * fewer events) were both slower (runs 81 and 82).
     */
    public static final String MAX_POLL_RECORDS =
            "max.poll.records=${robovis.projection.max-poll-records:20000}";

    /**
     * What one fetch takes from each partition, 4 MiB: with 1 MiB, the default, a fetch from six
     * partitions holds 20,000 events only if they average under 314 bytes.
     */
    public static final String MAX_PARTITION_FETCH_BYTES =
            "max.partition.fetch.bytes=${robovis.projection.max-partition-fetch-bytes:4194304}";

    private ProjectionListener() {}
}
