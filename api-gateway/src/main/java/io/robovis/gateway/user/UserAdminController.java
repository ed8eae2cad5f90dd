package io.robovis.gateway.user;

import io.robovis.common.events.RevocationRecord;
import io.robovis.common.problem.ProblemException;
import io.robovis.common.security.RobovisPrincipal;
import io.robovis.common.security.Role;
import io.robovis.common.web.Cursors;
import io.robovis.gateway.audit.AuditEntry;
import io.robovis.gateway.audit.AuditLog;
import io.robovis.gateway.auth.PasswordHasher;
import io.robovis.gateway.auth.Sessions;
import io.robovis.gateway.tenant.IdentityRules;
import jakarta.validation.Valid;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A tenant's admins manage its users: create (with a one-time password), list, read, change role,
 * display name, password, or disable. Another tenant's users do not exist here (404). A tenant
 * keeps at least one enabled admin.
 */
@RestController
class UserAdminController {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 500;

    private final Users users;
    private final PasswordHasher hasher;
    private final Sessions sessions;
    private final AuditLog audit;
    private final TransactionalOperator transaction;
    private final Clock clock;

    UserAdminController(
            Users users,
            PasswordHasher hasher,
            Sessions sessions,
            AuditLog audit,
            TransactionalOperator transaction,
            Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.sessions = sessions;
        this.audit = audit;
        this.transaction = transaction;
        this.clock = clock;
    }

    @PostMapping("/v1/users")
    Mono<ResponseEntity<User>> create(
            @AuthenticationPrincipal RobovisPrincipal caller,
            @Valid @RequestBody NewUser request,
            ServerWebExchange exchange) {
        caller.requireRole(Role.ADMIN);
        if (IdentityRules.passwordIsUsername(request.password(), request.username())) {
            throw invalid("password", "must not be the username");
        }
        if (Role.INGEST.claim().equals(request.role()) && !caller.isConstructor()) {
            throw invalid("role", "ingest users send events for a constructor's robots");
        }
        return hasher.hash(request.password())
                .flatMap(
                        hash ->
                                users.create(caller.tenantId(), request, hash, clock.instant())
                                        .flatMap(
                                                user ->
                                                        audit.append(
                                                                        AuditEntry.of(
                                                                                caller,
                                                                                "user.created",
                                                                                user.username(),
                                                                                exchange))
                                                                .thenReturn(user))
                                        .as(transaction::transactional))
                .map(
                        user ->
                                ResponseEntity.status(HttpStatus.CREATED)
                                        .header("Location", "/v1/users/" + user.username())
                                        .body(user));
    }

    /** The tenant's users by username, paged with a Link cursor. */
    @GetMapping("/v1/users")
    Mono<ResponseEntity<List<User>>> list(
            @AuthenticationPrincipal RobovisPrincipal caller,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor,
            ServerWebExchange exchange) {
        caller.requireRole(Role.ADMIN);
        int size = Cursors.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        String after = cursor == null ? null : Cursors.decode(cursor);
        return users.page(caller.tenantId(), after, size + 1)
                .map(rows -> Cursors.page(exchange, rows, size, User::username));
    }

    @GetMapping("/v1/users/{username}")
    Mono<User> get(
            @AuthenticationPrincipal RobovisPrincipal caller, @PathVariable String username) {
        caller.requireRole(Role.ADMIN);
        return users.find(caller.tenantId(), username)
                .switchIfEmpty(Mono.error(() -> notFound(username)));
    }

    @PatchMapping("/v1/users/{username}")
    Mono<User> update(
            @AuthenticationPrincipal RobovisPrincipal caller,
            @PathVariable String username,
            @Valid @RequestBody UserPatch patch,
            ServerWebExchange exchange) {
        caller.requireRole(Role.ADMIN);
        if (patch.isEmpty()) {
            throw new ProblemException(
                    HttpStatus.BAD_REQUEST,
                    "empty_patch",
                    "Send at least one of role, display_name, disabled, password.");
        }
        if (IdentityRules.passwordIsUsername(patch.password(), username)) {
            throw invalid("password", "must not be the username");
        }
        if (Role.INGEST.claim().equals(patch.role()) && !caller.isConstructor()) {
            throw invalid("role", "ingest users send events for a constructor's robots");
        }
        Mono<Optional<String>> hash =
                patch.password() == null
                        ? Mono.just(Optional.empty())
                        : hasher.hash(patch.password()).map(Optional::of);
        return hash.flatMap(
                        newHash ->
                                apply(caller, username, patch, newHash.orElse(null), exchange)
                                        .as(transaction::transactional))
                .map(
                        result -> {
                            result.revocation().ifPresent(sessions::applyHere);
                            return result.user();
                        });
    }

    private Mono<Result> apply(
            RobovisPrincipal caller,
            String username,
            UserPatch patch,
            String hash,
            ServerWebExchange exchange) {
        String tenant = caller.tenantId();
        return users.find(tenant, username)
                .switchIfEmpty(Mono.error(() -> notFound(username)))
                .map(before -> Plan.of(before, patch, hash != null))
                .flatMap(
                        plan ->
                                keepsAnAdmin(plan, tenant, username)
                                        .then(
                                                users.update(
                                                        tenant,
                                                        username,
                                                        patch,
                                                        hash,
                                                        plan.revokes(),
                                                        clock.instant()))
                                        .flatMap(changed -> revoke(plan, changed, tenant))
                                        .flatMap(
                                                result ->
                                                        Flux.fromIterable(plan.actions())
                                                                .concatMap(
                                                                        action ->
                                                                                audit.append(
                                                                                        AuditEntry
                                                                                                .of(
                                                                                                        caller,
                                                                                                        action,
                                                                                                        username,
                                                                                                        exchange)))
                                                                .then(Mono.just(result))));
    }

    /** A 409 when the change would leave the tenant without an enabled admin. */
    private Mono<Void> keepsAnAdmin(Plan plan, String tenant, String username) {
        if (!plan.removesAdmin()) {
            return Mono.empty();
        }
        return users.otherActiveAdmins(tenant, username)
                .flatMap(others -> others == 0 ? Mono.error(lastAdmin()) : Mono.empty());
    }

    private Mono<Result> revoke(Plan plan, Users.Changed changed, String tenant) {
        if (!plan.revokes()) {
            return Mono.just(new Result(changed.user(), Optional.empty()));
        }
        return sessions.revokeUser(changed.user().username(), tenant, changed.sessionEpoch())
                .map(revocation -> new Result(changed.user(), Optional.of(revocation)));
    }

    /**
     * What a patch does to a user: the audit actions, whether it revokes the user's tokens (role
     * changed, disabled, new password) and whether it takes an enabled admin away.
     */
    private record Plan(List<String> actions, boolean revokes, boolean removesAdmin) {

        static Plan of(User before, UserPatch patch, boolean newPassword) {
            boolean roleChanged = patch.role() != null && !patch.role().equals(before.role());
            boolean disabling = Boolean.TRUE.equals(patch.disabled()) && !before.disabled();
            boolean enabling = Boolean.FALSE.equals(patch.disabled()) && before.disabled();
            List<String> actions = new ArrayList<>();
            if (roleChanged) {
                actions.add("user.role_changed");
            }
            if (disabling) {
                actions.add("user.disabled");
            }
            if (enabling) {
                actions.add("user.enabled");
            }
            if (newPassword) {
                actions.add("user.password_reset");
            }
            if (patch.displayName() != null && !patch.displayName().equals(before.displayName())) {
                actions.add("user.updated");
            }
            boolean removesAdmin =
                    "admin".equals(before.role())
                            && !before.disabled()
                            && (disabling || roleChanged);
            return new Plan(actions, roleChanged || disabling || newPassword, removesAdmin);
        }
    }

    private record Result(User user, Optional<RevocationRecord> revocation) {}

    private static ProblemException notFound(String username) {
        return new ProblemException(
                HttpStatus.NOT_FOUND, "user_not_found", "No user " + username + " in this tenant.");
    }

    private static ProblemException lastAdmin() {
        return new ProblemException(
                HttpStatus.CONFLICT,
                "last_admin",
                "This is the tenant's last enabled admin: make another user admin first.");
    }

    private static ProblemException invalid(String field, String message) {
        return ProblemException.invalidFields(
                "The request is not valid.", List.of(Map.of("field", field, "message", message)));
    }
}
