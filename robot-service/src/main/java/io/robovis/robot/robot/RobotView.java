package io.robovis.robot.robot;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A robot as the API shows it: the contract's {@code robot_id}, {@code tenant_id} (the operating
 * client) and {@code last_seen_ms}, then the registry fields.
 */
record RobotView(
        String robotId,
        String tenantId,
        Long lastSeenMs,
        String status,
        String constructorId,
        String clientId,
        String model,
        String site,
        String environment,
        String firmware,
        Integer offlineAfterS,
        Instant provisionedAt,
        Instant updatedAt,
        JsonNode telemetry) {

    static RobotView of(Robot r) {
        return of(r, null);
    }

    static RobotView of(Robot r, JsonNode telemetry) {
        return new RobotView(
                r.robotId(),
                r.clientId(),
                r.lastSeenMs(),
                r.status(),
                r.constructorId(),
                r.clientId(),
                r.model(),
                r.site(),
                r.environment(),
                r.firmware(),
                r.offlineAfterS(),
                r.provisionedAt(),
                r.updatedAt(),
                telemetry);
    }
}
