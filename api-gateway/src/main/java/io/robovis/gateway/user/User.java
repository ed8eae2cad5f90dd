package io.robovis.gateway.user;

import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;

/** A user as its tenant's admins see it: never its password. */
record User(
        String username,
        String tenantId,
        String role,
        String displayName,
        boolean disabled,
        boolean passwordChangeRequired,
        String createdAt,
        String updatedAt) {

    static User of(Readable row) {
        return new User(
                row.get("username", String.class),
                row.get("tenant_id", String.class),
                row.get("role", String.class),
                row.get("display_name", String.class),
                Boolean.TRUE.equals(row.get("disabled", Boolean.class)),
                Boolean.TRUE.equals(row.get("password_change_required", Boolean.class)),
                row.get("created_at", OffsetDateTime.class).toInstant().toString(),
                row.get("updated_at", OffsetDateTime.class).toInstant().toString());
    }
}
