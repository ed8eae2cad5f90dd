package io.robovis.gateway.tenant;

import io.r2dbc.spi.Readable;
import io.robovis.common.db.Binds;
import io.robovis.common.problem.ProblemException;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
class Tenants {

    private static final String COLUMNS =
            "tenant_id, type, name, timezone, language, offline_after_s, ollama_url,"
                    + " ollama_model, retention_days, anomaly_insights, updated_at";

    private final DatabaseClient db;
    private final TransactionalOperator transaction;

    Tenants(DatabaseClient db, TransactionalOperator transaction) {
        this.db = db;
        this.transaction = transaction;
    }

    Mono<Tenant> find(String tenantId) {
        return db.sql("SELECT " + COLUMNS + " FROM tenants WHERE tenant_id = :id")
                .bind("id", tenantId)
                .map(Tenants::tenant)
                .one();
    }

    Flux<Tenant> findAll() {
        return db.sql("SELECT " + COLUMNS + " FROM tenants ORDER BY tenant_id")
                .map(Tenants::tenant)
                .all();
    }

    /**
     * The client tenants a constructor created, and those that run robots it built: what it may
     * know of them (not their settings, which are theirs).
     */
    Flux<ClientListing> createdOrServedBy(String constructorId) {
        return db.sql(
                        """
                        SELECT tenant_id, type, name, timezone, language, created_by FROM tenants
                        WHERE type = 'client' AND (created_by = :creator OR tenant_id IN
                            (SELECT client_id FROM robot_tenancy WHERE constructor_id = :creator))
                        ORDER BY tenant_id
                        """)
                .bind("creator", constructorId)
                .map(
                        row ->
                                new ClientListing(
                                        row.get("tenant_id", String.class),
                                        row.get("type", String.class),
                                        row.get("name", String.class),
                                        row.get("timezone", String.class),
                                        row.get("language", String.class),
                                        constructorId.equals(row.get("created_by", String.class))
                                                ? "created"
                                                : "served"))
                .all();
    }

    /**
     * A client tenant as its constructor lists it.
     *
     * @param relation {@code created} (onboarded by this constructor) or {@code served} (runs its
     *     robots)
     */
    record ClientListing(
            String tenantId,
            String type,
            String name,
            String timezone,
            String language,
            String relation) {}

    /**
     * Creates a client tenant and its first admin in one transaction; a 409 when the tenant id or
     * the username is taken (nothing is written then).
     */
    Mono<Tenant> createClient(NewTenant request, String creator, String passwordHash, Instant now) {
        Mono<Tenant> tenant =
                db.sql(
                                """
                                INSERT INTO tenants (tenant_id, type, name, timezone, language,
                                                     created_by, created_at, updated_at)
                                VALUES (:id, 'client', :name, :timezone, :language, :creator, :now,
                                        :now)
                                ON CONFLICT (tenant_id) DO NOTHING
                                RETURNING\s"""
                                        + COLUMNS)
                        .bind("id", request.tenantId())
                        .bind("name", request.name())
                        .bind("timezone", request.timezone() == null ? "UTC" : request.timezone())
                        .bind("language", request.language() == null ? "en" : request.language())
                        .bind("creator", creator)
                        .bind("now", now.atOffset(java.time.ZoneOffset.UTC))
                        .map(Tenants::tenant)
                        .one()
                        .switchIfEmpty(
                                Mono.error(
                                        () ->
                                                new ProblemException(
                                                        HttpStatus.CONFLICT,
                                                        "tenant_exists",
                                                        "A tenant "
                                                                + request.tenantId()
                                                                + " exists already.")));
        Mono<Long> admin =
                db.sql(
                                """
                                INSERT INTO users (username, tenant_id, role, password_hash,
                                                   password_change_required)
                                VALUES (:username, :tenant, 'admin', :hash, true)
                                ON CONFLICT (username) DO NOTHING
                                """)
                        .bind("username", request.admin().username())
                        .bind("tenant", request.tenantId())
                        .bind("hash", passwordHash)
                        .fetch()
                        .rowsUpdated()
                        .filter(n -> n > 0)
                        .switchIfEmpty(
                                Mono.error(
                                        () ->
                                                new ProblemException(
                                                        HttpStatus.CONFLICT,
                                                        "username_taken",
                                                        "The username "
                                                                + request.admin().username()
                                                                + " is taken.")));
        return tenant.flatMap(t -> admin.thenReturn(t)).as(transaction::transactional);
    }

    /** Applies the non-null fields of the patch and returns the updated tenant. */
    Mono<Tenant> update(String tenantId, TenantSettingsPatch patch, Instant now) {
        GenericExecuteSpec spec =
                db.sql(
                                """
                                UPDATE tenants SET
                                  name = COALESCE(:name, name),
                                  timezone = COALESCE(:timezone, timezone),
                                  language = COALESCE(:language, language),
                                  offline_after_s = COALESCE(:offline, offline_after_s),
                                  ollama_url = COALESCE(:ollamaUrl, ollama_url),
                                  ollama_model = COALESCE(:ollamaModel, ollama_model),
                                  retention_days = COALESCE(:retention, retention_days),
                                  anomaly_insights = COALESCE(:anomalyInsights, anomaly_insights),
                                  updated_at = :now
                                WHERE tenant_id = :id
                                RETURNING\s"""
                                        + COLUMNS)
                        .bind("id", tenantId)
                        .bind("now", now.atOffset(java.time.ZoneOffset.UTC));
        spec = Binds.nullable(spec, "name", patch.name(), String.class);
        spec = Binds.nullable(spec, "timezone", patch.timezone(), String.class);
        spec = Binds.nullable(spec, "language", patch.language(), String.class);
        spec = Binds.nullable(spec, "offline", patch.offlineAfterS(), Integer.class);
        spec = Binds.nullable(spec, "ollamaUrl", patch.ollamaUrl(), String.class);
        spec = Binds.nullable(spec, "ollamaModel", patch.ollamaModel(), String.class);
        spec = Binds.nullable(spec, "retention", patch.retentionDays(), Integer.class);
        spec = Binds.nullable(spec, "anomalyInsights", patch.anomalyInsights(), Boolean.class);
        return spec.map(Tenants::tenant).one();
    }

    static Tenant tenant(Readable row) {
        return new Tenant(
                row.get("tenant_id", String.class),
                row.get("type", String.class),
                row.get("name", String.class),
                row.get("timezone", String.class),
                row.get("language", String.class),
                row.get("offline_after_s", Integer.class),
                row.get("ollama_url", String.class),
                row.get("ollama_model", String.class),
                row.get("retention_days", Integer.class),
                row.get("anomaly_insights", Boolean.class),
                row.get("updated_at", OffsetDateTime.class).toInstant());
    }
}
