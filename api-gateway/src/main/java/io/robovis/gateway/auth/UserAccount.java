package io.robovis.gateway.auth;

import io.robovis.common.security.Role;
import io.robovis.common.security.TenantType;

/**
 * A user as the login needs it: credentials, tenant, role, whether its password is one-time, and
 * its session epoch (tokens of an earlier epoch are revoked).
 */
record UserAccount(
        String username,
        String tenantId,
        TenantType tenantType,
        Role role,
        String passwordHash,
        boolean disabled,
        boolean passwordChangeRequired,
        long sessionEpoch) {}
