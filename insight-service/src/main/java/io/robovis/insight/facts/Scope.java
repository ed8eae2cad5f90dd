package io.robovis.insight.facts;

import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/**
 * Whose robots the facts are about: a client's (the robots it operates) or a constructor's (every
 * robot it built, across its clients), optionally narrowed to one robot the caller may see.
 */
public record Scope(String tenantId, boolean constructor, String robotId) {

    /**
     * A common table expression {@code scoped(robot_id, client_id, site, environment,
     * offline_after_s, since_ms)} of the robots in scope; bind it with {@link #bind}. {@code
     * since_ms}: a client counts only what a robot did since it got it (a reassigned robot's
     * history with its former client stays that client's and its constructor's); every projection
     * joined to {@code scoped} must start at or after it.
     */
    String cte() {
        return "scoped AS (SELECT robot_id, client_id, site, environment, offline_after_s, "
                + (constructor ? "0::bigint" : "client_since_ms")
                + " AS since_ms FROM robots WHERE NOT deleted AND "
                + (constructor ? "constructor_id" : "client_id")
                + " = :tenant"
                + (robotId == null ? "" : " AND robot_id = :robot")
                + ")";
    }

    GenericExecuteSpec bind(GenericExecuteSpec spec) {
        spec = spec.bind("tenant", tenantId);
        return robotId == null ? spec : spec.bind("robot", robotId);
    }
}
