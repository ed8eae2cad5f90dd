package io.robovis.gateway.tenant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** POST /v1/tenants: a client tenant and its first admin. */
record NewTenant(
        @NotBlank
                @Pattern(
                        regexp = IdentityRules.TENANT_ID,
                        message = "must be a lower-case slug (a-z, 0-9, -; 2 to 63 characters)")
                String tenantId,
        @NotBlank @Size(max = 200) String name,
        @TimeZoneId String timezone,
        @Pattern(regexp = "fr|en", message = "must be one of: fr, en") String language,
        @NotNull @Valid Admin admin) {

    /** The tenant's first admin; its password is the one the creator hands over. */
    record Admin(
            @NotBlank
                    @Pattern(
                            regexp = IdentityRules.USERNAME,
                            message = "must be 3 to 64 letters, digits or . _ @ -")
                    String username,
            @NotBlank @NewPassword String password) {}
}
