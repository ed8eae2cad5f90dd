package io.robovis.gateway.key;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** A constructor's ingest keys: every statement is scoped to the tenant. */
@Repository
class IngestKeys {

    private final DatabaseClient db;

    IngestKeys(DatabaseClient db) {
        this.db = db;
    }

    Mono<IngestKey.Stored> create(
            String keyId,
            String tenantId,
            NewIngestKey request,
            String keySha256,
            String createdBy,
            Instant now) {
        GenericExecuteSpec spec =
                db.sql(
                                """
                                INSERT INTO ingest_keys (key_id, tenant_id, name, key_sha256, robots,
                                                         sites, expires_at, created_by, created_at)
                                VALUES (:id, :tenant, :name, :hash, :robots, :sites, :expires,
                                        :by, :now)
                                RETURNING\s"""
                                        + IngestKey.COLUMNS)
                        .bind("id", keyId)
                        .bind("tenant", tenantId)
                        .bind("name", request.name())
                        .bind("hash", keySha256)
                        .bind("robots", array(request.robots()))
                        .bind("sites", array(request.sites()))
                        .bind("by", createdBy)
                        .bind("now", now.atOffset(ZoneOffset.UTC));
        spec =
                request.expiresAt() == null
                        ? spec.bindNull("expires", java.time.OffsetDateTime.class)
                        : spec.bind("expires", request.expiresAt().atOffset(ZoneOffset.UTC));
        return spec.map(IngestKey::of).one();
    }

    /** A page of the tenant's keys, newest first, after {@code after} (or from the newest). */
    Mono<List<IngestKey>> page(String tenantId, After after, int limit) {
        GenericExecuteSpec spec =
                db.sql(
                                "SELECT "
                                        + IngestKey.COLUMNS
                                        + " FROM ingest_keys WHERE tenant_id = :tenant"
                                        + (after == null
                                                ? ""
                                                : " AND (created_at, key_id) < (:at, :id)")
                                        + " ORDER BY created_at DESC, key_id DESC LIMIT :limit")
                        .bind("tenant", tenantId)
                        .bind("limit", limit);
        if (after != null) {
            spec =
                    spec.bind("at", after.createdAt().atOffset(ZoneOffset.UTC))
                            .bind("id", after.keyId());
        }
        return spec.map(row -> IngestKey.of(row).key()).all().collectList();
    }

    /** Where a page ends: the last key's creation time and id. */
    record After(Instant createdAt, String keyId) {}

    Mono<IngestKey> find(String tenantId, String keyId) {
        return db.sql(
                        "SELECT "
                                + IngestKey.COLUMNS
                                + " FROM ingest_keys WHERE tenant_id = :tenant AND key_id = :id")
                .bind("tenant", tenantId)
                .bind("id", keyId)
                .map(row -> IngestKey.of(row).key())
                .one();
    }

    /** Revokes a live key of the tenant: empty when it is unknown there or already revoked. */
    Mono<IngestKey.Stored> revoke(String tenantId, String keyId, String by, Instant now) {
        return db.sql(
                        """
                        UPDATE ingest_keys SET revoked_at = :now, revoked_by = :by
                        WHERE tenant_id = :tenant AND key_id = :id AND revoked_at IS NULL
                        RETURNING\s"""
                                + IngestKey.COLUMNS)
                .bind("tenant", tenantId)
                .bind("id", keyId)
                .bind("by", by)
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .map(IngestKey::of)
                .one();
    }

    private static String[] array(List<String> values) {
        return values == null ? new String[0] : values.stream().distinct().toArray(String[]::new);
    }
}
