package io.robovis.robot.robot;

import java.time.Instant;

/** A provisioned robot with its presence, as stored. */
public record Robot(
        String robotId,
        String constructorId,
        String clientId,
        String model,
        String site,
        String environment,
        String firmware,
        Integer offlineAfterS,
        Instant provisionedAt,
        Instant updatedAt,
        Long lastSeenMs,
        boolean online) {

    /** online, offline, or never_seen (provisioned, no event yet). */
    public String status() {
        if (lastSeenMs == null) {
            return "never_seen";
        }
        return online ? "online" : "offline";
    }
}
