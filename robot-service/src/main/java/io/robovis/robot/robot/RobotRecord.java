package io.robovis.robot.robot;

import java.time.Instant;

/** The value of a robot on the compacted {@code robovis.robots.v1} (tombstone when removed). */
record RobotRecord(
        String robotId,
        String constructorId,
        String clientId,
        String model,
        String site,
        String environment,
        String firmware,
        Integer offlineAfterS,
        Instant provisionedAt,
        Instant updatedAt) {

    static RobotRecord of(Robot r) {
        return new RobotRecord(
                r.robotId(),
                r.constructorId(),
                r.clientId(),
                r.model(),
                r.site(),
                r.environment(),
                r.firmware(),
                r.offlineAfterS(),
                r.provisionedAt(),
                r.updatedAt());
    }
}
