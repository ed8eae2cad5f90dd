package io.robovis.robot.robot;

/** Filters and paging of GET /v1/robots; null filters match everything. */
record RobotQuery(
        String clientId, String site, String environment, String status, String after, int limit) {}
