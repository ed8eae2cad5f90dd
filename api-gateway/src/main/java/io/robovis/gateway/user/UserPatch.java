package io.robovis.gateway.user;

import io.robovis.gateway.tenant.NewPassword;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code PATCH /v1/users/{username}}: the fields to change. A password set here is one-time; a role
 * change, a disabling or a new password revokes the user's tokens.
 */
record UserPatch(
        @Pattern(regexp = UserRoles.PATTERN, message = UserRoles.MESSAGE) String role,
        @Size(max = 100) String displayName,
        Boolean disabled,
        @NewPassword String password) {

    boolean isEmpty() {
        return role == null && displayName == null && disabled == null && password == null;
    }
}
