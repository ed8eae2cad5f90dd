package io.robovis.gateway.auth;

import io.robovis.gateway.tenant.NewPassword;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /v1/auth/password}: the current password, and the new one. */
record PasswordChange(
        @NotBlank @Size(max = 200) String oldPassword, @NotBlank @NewPassword String newPassword) {}
