package io.robovis.gateway.auth;

import java.time.Instant;

/**
 * The login answer of the contract, and whether the password must be changed first (then the token
 * opens {@code POST /v1/auth/password} only).
 */
record LoginResponse(
        String token,
        String tenantId,
        String tenantType,
        String role,
        Instant expiresAt,
        boolean passwordChangeRequired) {}
