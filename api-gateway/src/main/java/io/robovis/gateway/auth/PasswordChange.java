package io.robovis.gateway.auth;

import io.robovis.gateway.tenant.IdentityRules;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /v1/auth/password}: the current password, and the new one. */
record PasswordChange(
        @NotBlank @Size(max = IdentityRules.MAX_PASSWORD) String oldPassword,
        @NotBlank @Size(min = IdentityRules.MIN_PASSWORD, max = IdentityRules.MAX_PASSWORD)
                String newPassword) {}
