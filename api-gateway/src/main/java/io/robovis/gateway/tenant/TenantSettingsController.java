package io.robovis.gateway.tenant;

import io.robovis.common.problem.ProblemException;
import io.robovis.common.security.RobovisPrincipal;
import io.robovis.common.security.Role;
import io.robovis.gateway.audit.AuditEntry;
import io.robovis.gateway.audit.AuditLog;
import jakarta.validation.Valid;
import java.time.Clock;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The caller's own tenant settings: read by anyone of the tenant, changed by its admins. */
@RestController
@RequestMapping("/v1/tenant/settings")
class TenantSettingsController {

    private final Tenants tenants;
    private final TenantChangelog changelog;
    private final AuditLog audit;
    private final TransactionalOperator transaction;
    private final Clock clock;

    TenantSettingsController(
            Tenants tenants,
            TenantChangelog changelog,
            AuditLog audit,
            TransactionalOperator transaction,
            Clock clock) {
        this.tenants = tenants;
        this.changelog = changelog;
        this.audit = audit;
        this.transaction = transaction;
        this.clock = clock;
    }

    @GetMapping
    Mono<Tenant> get(@AuthenticationPrincipal RobovisPrincipal principal) {
        return tenants.find(principal.tenantId())
                .switchIfEmpty(Mono.error(() -> unknownTenant(principal)));
    }

    @PatchMapping
    Mono<Tenant> update(
            @AuthenticationPrincipal RobovisPrincipal principal,
            @Valid @RequestBody TenantSettingsPatch patch,
            ServerWebExchange exchange) {
        principal.requireRole(Role.ADMIN);
        return tenants.update(principal.tenantId(), patch, clock.instant())
                .switchIfEmpty(Mono.error(() -> unknownTenant(principal)))
                .flatMap(
                        tenant ->
                                audit.append(
                                                AuditEntry.of(
                                                        principal,
                                                        "tenant.settings_changed",
                                                        tenant.tenantId(),
                                                        exchange))
                                        .thenReturn(tenant))
                .as(transaction::transactional)
                .flatMap(tenant -> changelog.publishOrLog(tenant).thenReturn(tenant));
    }

    private static ProblemException unknownTenant(RobovisPrincipal principal) {
        return new ProblemException(
                HttpStatus.NOT_FOUND,
                "tenant_not_found",
                "Tenant " + principal.tenantId() + " does not exist.");
    }
}
