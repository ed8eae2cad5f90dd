package io.robovis.gateway.user;

import io.robovis.common.db.Binds;
import io.robovis.common.problem.ProblemException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** A tenant's users: every statement is scoped to the tenant, so another's users are not found. */
@Repository
class Users {

    private static final String COLUMNS =
            "username, tenant_id, role, display_name, disabled, password_change_required,"
                    + " session_epoch, created_at, updated_at";

    private final DatabaseClient db;

    Users(DatabaseClient db) {
        this.db = db;
    }

    Mono<List<User>> page(String tenantId, String after, int limit) {
        String sql =
                "SELECT "
                        + COLUMNS
                        + " FROM users WHERE tenant_id = :tenant"
                        + (after == null ? "" : " AND username > :after")
                        + " ORDER BY username LIMIT :limit";
        GenericExecuteSpec spec = db.sql(sql).bind("tenant", tenantId).bind("limit", limit);
        if (after != null) {
            spec = spec.bind("after", after);
        }
        return spec.map(User::of).all().collectList();
    }

    Mono<User> find(String tenantId, String username) {
        return db.sql(
                        "SELECT "
                                + COLUMNS
                                + " FROM users WHERE tenant_id = :tenant AND username = :u")
                .bind("tenant", tenantId)
                .bind("u", username)
                .map(User::of)
                .one();
    }

    /** A new user whose password is one-time; a 409 when the username is taken (in any tenant). */
    Mono<User> create(String tenantId, NewUser user, String passwordHash, Instant now) {
        GenericExecuteSpec spec =
                db.sql(
                                """
                                INSERT INTO users (username, tenant_id, role, password_hash,
                                                   display_name, password_change_required,
                                                   created_at, updated_at)
                                VALUES (:u, :tenant, :role, :hash, :display, true, :now, :now)
                                ON CONFLICT (username) DO NOTHING
                                RETURNING\s"""
                                        + COLUMNS)
                        .bind("u", user.username())
                        .bind("tenant", tenantId)
                        .bind("role", user.role())
                        .bind("hash", passwordHash)
                        .bind("now", now.atOffset(ZoneOffset.UTC));
        spec =
                user.displayName() == null
                        ? spec.bindNull("display", String.class)
                        : spec.bind("display", user.displayName());
        return spec.map(User::of)
                .one()
                .switchIfEmpty(
                        Mono.error(
                                () ->
                                        new ProblemException(
                                                HttpStatus.CONFLICT,
                                                "username_taken",
                                                "The username " + user.username() + " is taken.")));
    }

    /**
     * The tenant's enabled admins other than {@code username}, their rows locked until the
     * transaction ends so that two admins cannot remove each other at once.
     */
    Mono<Long> otherActiveAdmins(String tenantId, String username) {
        return db.sql(
                        """
                        SELECT username FROM users
                        WHERE tenant_id = :tenant AND role = 'admin' AND NOT disabled
                        ORDER BY username FOR UPDATE
                        """)
                .bind("tenant", tenantId)
                .map(row -> row.get("username", String.class))
                .all()
                .filter(name -> !name.equals(username))
                .count();
    }

    /**
     * Applies the patch; raises the session epoch when {@code revoke} (the user's tokens are then
     * revoked). {@code passwordHash}: a new one-time password, or null.
     */
    Mono<Changed> update(
            String tenantId,
            String username,
            UserPatch patch,
            String passwordHash,
            boolean revoke,
            Instant now) {
        GenericExecuteSpec spec =
                db.sql(
                                """
                                UPDATE users SET
                                  role = COALESCE(:role, role),
                                  display_name = COALESCE(:display, display_name),
                                  disabled = COALESCE(:disabled, disabled),
                                  password_hash = COALESCE(:hash, password_hash),
                                  password_change_required =
                                      CASE WHEN :hash IS NULL THEN password_change_required
                                           ELSE true END,
                                  session_epoch = session_epoch + :bump,
                                  updated_at = :now
                                WHERE tenant_id = :tenant AND username = :u
                                RETURNING\s"""
                                        + COLUMNS)
                        .bind("tenant", tenantId)
                        .bind("u", username)
                        .bind("bump", revoke ? 1L : 0L)
                        .bind("now", now.atOffset(ZoneOffset.UTC));
        spec = Binds.nullable(spec, "role", patch.role(), String.class);
        spec = Binds.nullable(spec, "display", patch.displayName(), String.class);
        spec = Binds.nullable(spec, "disabled", patch.disabled(), Boolean.class);
        spec = Binds.nullable(spec, "hash", passwordHash, String.class);
        return spec.map(row -> new Changed(User.of(row), row.get("session_epoch", Long.class)))
                .one();
    }

    /** A user after a change, and its session epoch. */
    record Changed(User user, long sessionEpoch) {}
}
