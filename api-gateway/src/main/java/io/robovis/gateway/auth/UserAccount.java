package io.robovis.gateway.auth;

import io.robovis.common.security.Role;
import io.robovis.common.security.TenantType;

/** A user as the login needs it: credentials, tenant and role. */
record UserAccount(
        String username,
        String tenantId,
        TenantType tenantType,
        Role role,
        String passwordHash,
        boolean disabled) {}
