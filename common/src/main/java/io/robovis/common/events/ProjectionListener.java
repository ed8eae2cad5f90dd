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

    private ProjectionListener() {}
}
