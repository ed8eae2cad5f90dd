package io.robovis.robot.health;

/**
 * Filters of the fleet-health and predictions routes; null means no filter.
 *
 * @param clientId constructors only: one client's robots
 */
record HealthQuery(
        String clientId,
        String site,
        String riskLevel,
        String robotId,
        double minProbability,
        int limit) {}
