package io.robovis.gateway.auth;

import io.robovis.common.security.Role;
import io.robovis.common.security.TenantType;
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
                        SELECT u.username, u.tenant_id, t.type, u.role, u.password_hash, u.disabled
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
                                        Boolean.TRUE.equals(row.get("disabled", Boolean.class))))
                .one();
    }
}
