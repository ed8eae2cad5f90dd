package io.robovis.robot.robot;

/** Who builds and who operates a robot, and whether it is still provisioned. */
public record RobotTenancy(
        String robotId,
        String constructorId,
        String clientId,
        String site,
        boolean deprovisioned) {}
