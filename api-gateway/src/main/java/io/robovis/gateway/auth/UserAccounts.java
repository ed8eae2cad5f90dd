package io.robovis.gateway.auth;

import io.robovis.common.security.Role;
import io.robovis.common.security.TenantType;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

@Repository
class UserAccounts {

    private final DatabaseClient db;

    UserAccounts(DatabaseClient db) {
        this.db = db;
    }

    Mono<UserAccount> findByUsername(String username) {
        return db.sql(
                        """
                        SELECT u.username, u.tenant_id, t.type, u.role, u.password_hash, u.disabled,
                               u.password_change_required, u.session_epoch
                        FROM users u JOIN tenants t ON t.tenant_id = u.tenant_id
                        WHERE u.username = :username
                        """)
                .bind("username", username)
                .map(
                        row ->
                                new UserAccount(
                                        row.get("username", String.class),
                                        row.get("tenant_id", String.class),
                                        TenantType.fromClaim(row.get("type", String.class)),
                                        Role.fromClaim(row.get("role", String.class)),
                                        row.get("password_hash", String.class),
                                        Boolean.TRUE.equals(row.get("disabled", Boolean.class)),
                                        Boolean.TRUE.equals(
                                                row.get("password_change_required", Boolean.class)),
                                        row.get("session_epoch", Long.class)))
                .one();
    }

    /**
     * The owner's new password: no longer one-time, and a new session epoch (every earlier token is
     * revoked), returned. Empty when the hash changed meanwhile (a concurrent change won).
     */
    Mono<Long> changePassword(String username, String oldHash, String newHash, Instant now) {
        return db.sql(
                        """
                        UPDATE users SET password_hash = :hash, password_change_required = false,
                                         session_epoch = session_epoch + 1, updated_at = :now
                        WHERE username = :username AND password_hash = :old
                        RETURNING session_epoch
                        """)
                .bind("hash", newHash)
                .bind("old", oldHash)
                .bind("username", username)
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .map(row -> row.get("session_epoch", Long.class))
                .one();
    }
}
