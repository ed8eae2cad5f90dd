package io.robovis.robot.presence;

import io.r2dbc.spi.Readable;

/** A robot that just went offline or came back online. */
public record Transition(
        String robotId,
        String constructorId,
        String clientId,
        String site,
        long lastSeenMs,
        int offlineAfterS) {
    /** From a row with robot_id, constructor_id, client_id, site, last_seen_ms and timeout_s. */
    public static Transition of(Readable row) {
        return new Transition(
                row.get("robot_id", String.class),
                row.get("constructor_id", String.class),
                row.get("client_id", String.class),
                row.get("site", String.class),
                row.get("last_seen_ms", Long.class),
                row.get("timeout_s", Integer.class));
    }
}
