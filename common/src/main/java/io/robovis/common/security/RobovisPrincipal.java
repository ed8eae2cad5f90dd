package io.robovis.common.security;

import io.robovis.common.problem.ProblemException;
import java.util.Arrays;
import org.springframework.http.HttpStatus;

/**
 * The authenticated caller: who (subject), in which tenant, of which type, with which role. Built
 * from a validated token or ingest key; tenancy is never taken from request data.
 *
 * @param tokenId the token's {@code jti}, or the ingest key's id
 * @param ingestScope the robots an ingest key covers; null for a token
 */
public record RobovisPrincipal(
        String subject,
        String tenantId,
        TenantType tenantType,
        Role role,
        String tokenId,
        IngestScope ingestScope) {

    public RobovisPrincipal(
            String subject, String tenantId, TenantType tenantType, Role role, String tokenId) {
        this(subject, tenantId, tenantType, role, tokenId, null);
    }

    /** Whether the caller authenticated with an ingest key rather than a token. */
    public boolean isIngestKey() {
        return ingestScope != null;
    }

    public boolean isConstructor() {
        return tenantType == TenantType.CONSTRUCTOR;
    }

    public boolean isClient() {
        return tenantType == TenantType.CLIENT;
    }

    public boolean hasAnyRole(Role... roles) {
        return Arrays.asList(roles).contains(role);
    }

    /**
     * Fails with a 403 problem unless the caller is an admin ({@code forbidden_role}) of a
     * constructor ({@code constructor_only}, with {@code why} as its detail).
     */
    public RobovisPrincipal requireConstructorAdmin(String why) {
        requireRole(Role.ADMIN);
        if (!isConstructor()) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "constructor_only", why);
        }
        return this;
    }

    /** Fails with a 403 problem unless the caller holds one of the roles. */
    public RobovisPrincipal requireRole(Role... roles) {
        if (!hasAnyRole(roles)) {
            throw new ProblemException(
                    HttpStatus.FORBIDDEN,
                    "forbidden_role",
                    "This action needs the role "
                            + String.join(" or ", Arrays.stream(roles).map(Role::claim).toList())
                            + "; the token's role is "
                            + role.claim()
                            + ".");
        }
        return this;
    }
}
