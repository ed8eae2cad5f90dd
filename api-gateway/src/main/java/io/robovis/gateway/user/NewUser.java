package io.robovis.gateway.user;

import io.robovis.gateway.tenant.IdentityRules;
import io.robovis.gateway.tenant.NewPassword;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /v1/users}: a user of the admin's tenant, with a one-time password. */
record NewUser(
        @NotBlank
                @Pattern(
                        regexp = IdentityRules.USERNAME,
                        message = "3 to 64 letters, digits or . _ @ -")
                String username,
        @NotBlank @NewPassword String password,
        @NotNull @Pattern(regexp = UserRoles.PATTERN, message = UserRoles.MESSAGE) String role,
        @Size(max = 100) String displayName) {}
