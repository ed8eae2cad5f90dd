package io.robovis.gateway.tenant;

import io.robovis.common.problem.ProblemException;
import io.robovis.common.security.RobovisPrincipal;
import io.robovis.common.security.Role;
import io.robovis.gateway.audit.AuditEntry;
import io.robovis.gateway.audit.AuditLog;
import io.robovis.gateway.auth.PasswordHasher;
import jakarta.validation.Valid;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Client tenants as their constructor onboards them: a constructor admin creates one with its first
 * admin and lists those it created; a client admin sees its own tenant only.
 */
@RestController
class TenantAdminController {

    private final Tenants tenants;
    private final TenantChangelog changelog;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final TransactionalOperator transaction;
    private final Clock clock;

    TenantAdminController(
            Tenants tenants,
            TenantChangelog changelog,
            PasswordHasher hasher,
            AuditLog audit,
            TransactionalOperator transaction,
            Clock clock) {
        this.tenants = tenants;
        this.changelog = changelog;
        this.hasher = hasher;
        this.audit = audit;
        this.transaction = transaction;
        this.clock = clock;
    }

    @PostMapping("/v1/tenants")
    Mono<ResponseEntity<Map<String, Object>>> create(
            @AuthenticationPrincipal RobovisPrincipal caller,
            @Valid @RequestBody NewTenant request,
            ServerWebExchange exchange) {
        caller.requireConstructorAdmin("Only a constructor's admins create client tenants.");
        if (IdentityRules.passwordIsUsername(
                request.admin().password(), request.admin().username())) {
            throw ProblemException.invalidFields(
                    "The request is not valid.",
                    List.of(
                            Map.of(
                                    "field",
                                    "admin.password",
                                    "message",
                                    "must not be the username")));
        }
        return hasher.hash(request.admin().password())
                .flatMap(
                        hash ->
                                tenants.createClient(
                                                request, caller.tenantId(), hash, clock.instant())
                                        .flatMap(
                                                tenant ->
                                                        audit.append(
                                                                        AuditEntry.of(
                                                                                caller,
                                                                                "tenant.created",
                                                                                tenant.tenantId(),
                                                                                exchange))
                                                                .then(
                                                                        audit.append(
                                                                                AuditEntry.of(
                                                                                        caller,
                                                                                        "user.created",
                                                                                        request.admin()
                                                                                                .username(),
                                                                                        exchange)))
                                                                .thenReturn(tenant))
                                        .as(transaction::transactional))
                .flatMap(tenant -> changelog.publishOrLog(tenant).thenReturn(tenant))
                .map(
                        tenant ->
                                ResponseEntity.status(HttpStatus.CREATED)
                                        .header("Location", "/v1/tenants/" + tenant.tenantId())
                                        .body(
                                                Map.of(
                                                        "tenant",
                                                        tenant,
                                                        "admin",
                                                        Map.of(
                                                                "username",
                                                                request.admin().username(),
                                                                "role",
                                                                "admin"))));
    }

    /**
     * For a constructor, its client tenants, created or served (running its robots): their id,
     * name, time zone and language, never their settings. For a client, its own tenant.
     */
    @GetMapping("/v1/tenants")
    Mono<List<?>> list(@AuthenticationPrincipal RobovisPrincipal caller) {
        caller.requireRole(Role.ADMIN);
        return caller.isConstructor()
                ? tenants.createdOrServedBy(caller.tenantId()).collectList().map(l -> l)
                : tenants.find(caller.tenantId()).<List<?>>map(List::of).defaultIfEmpty(List.of());
    }
}
