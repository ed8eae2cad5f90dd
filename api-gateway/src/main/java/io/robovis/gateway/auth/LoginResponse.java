package io.robovis.gateway.auth;

import java.time.Instant;

record LoginResponse(
        String token, String tenantId, String tenantType, String role, Instant expiresAt) {}
