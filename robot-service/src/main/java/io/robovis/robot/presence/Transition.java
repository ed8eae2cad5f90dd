package io.robovis.robot.presence;

/** A robot that just went offline or came back online. */
public record Transition(
        String robotId,
        String constructorId,
        String clientId,
        String site,
        long lastSeenMs,
        int offlineAfterS) {}
