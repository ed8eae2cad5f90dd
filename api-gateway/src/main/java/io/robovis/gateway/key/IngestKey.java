package io.robovis.gateway.key;

import io.r2dbc.spi.Readable;
import io.robovis.common.events.IngestKeyRecord;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/** An ingest key as its constructor's admins see it: never its secret, nor the secret's hash. */
record IngestKey(
        String id,
        String tenantId,
        String name,
        List<String> robots,
        List<String> sites,
        String expiresAt,
        String createdAt,
        String createdBy,
        String revokedAt,
        String revokedBy) {

    static final String COLUMNS =
            "key_id, tenant_id, name, key_sha256, robots, sites, expires_at, created_by,"
                    + " created_at, revoked_at, revoked_by";

    /** A key and the hash of its secret, as read. */
    record Stored(IngestKey key, String keySha256) {

        IngestKeyRecord toRecord() {
            return new IngestKeyRecord(
                    key.id(),
                    key.tenantId(),
                    key.name(),
                    keySha256,
                    key.robots(),
                    key.sites(),
                    key.expiresAt(),
                    key.revokedAt());
        }
    }

    static Stored of(Readable row) {
        return new Stored(
                new IngestKey(
                        row.get("key_id", String.class),
                        row.get("tenant_id", String.class),
                        row.get("name", String.class),
                        Arrays.asList(row.get("robots", String[].class)),
                        Arrays.asList(row.get("sites", String[].class)),
                        instant(row, "expires_at"),
                        instant(row, "created_at"),
                        row.get("created_by", String.class),
                        instant(row, "revoked_at"),
                        row.get("revoked_by", String.class)),
                row.get("key_sha256", String.class));
    }

    private static String instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant().toString();
    }
}
