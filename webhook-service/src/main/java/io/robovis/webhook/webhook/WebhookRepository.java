package io.robovis.webhook.webhook;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Webhooks by tenant: every query carries the tenant in its WHERE clause. */
@Repository
class WebhookRepository {

    private static final String COLUMNS =
            "id, tenant_id, url, events, secret IS NOT NULL AS has_secret, active, disabled_reason, failing_since,"
                    + " CASE WHEN previous_secret_until > now() THEN previous_secret_until END AS rotation_ends,"
                    + " created_at, updated_at";

    private final DatabaseClient db;

    WebhookRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<Webhook> insert(
            String id, String tenantId, String url, String[] events, byte[] secret, Instant now) {
        var spec =
                db.sql(
                                "INSERT INTO webhooks (id, tenant_id, url, events, secret, created_at, updated_at)"
                                        + " VALUES (:id, :tenant, :url, :events, :secret, :now, :now) RETURNING "
                                        + COLUMNS)
                        .bind("id", id)
                        .bind("tenant", tenantId)
                        .bind("url", url)
                        .bind("events", events)
                        .bind("now", now.atOffset(ZoneOffset.UTC));
        spec = secret == null ? spec.bindNull("secret", byte[].class) : spec.bind("secret", secret);
        return spec.map(WebhookRepository::webhook).one();
    }

    Flux<Webhook> findByTenant(String tenantId) {
        return db.sql(
                        "SELECT "
                                + COLUMNS
                                + " FROM webhooks WHERE tenant_id = :tenant ORDER BY created_at, id")
                .bind("tenant", tenantId)
                .map(WebhookRepository::webhook)
                .all();
    }

    /** Emits true when the tenant had this webhook and it is gone. */
    Mono<Boolean> delete(String id, String tenantId) {
        return db.sql("DELETE FROM webhooks WHERE id = :id AND tenant_id = :tenant")
                .bind("id", id)
                .bind("tenant", tenantId)
                .fetch()
                .rowsUpdated()
                .map(count -> count > 0);
    }

    Mono<Webhook> find(String id, String tenantId) {
        return db.sql("SELECT " + COLUMNS + " FROM webhooks WHERE id = :id AND tenant_id = :tenant")
                .bind("id", id)
                .bind("tenant", tenantId)
                .map(WebhookRepository::webhook)
                .one();
    }

    /**
     * Applies the non-null changes; a new secret moves the current one to previous_secret until
     * {@code previousUntil}. Empty when the tenant has no such webhook.
     */
    Mono<Webhook> update(
            String id,
            String tenantId,
            String url,
            String[] events,
            Boolean active,
            byte[] secret,
            Instant previousUntil,
            Instant now) {
        var spec =
                db.sql(
                                """
                                UPDATE webhooks SET
                                  url = COALESCE(:url, url),
                                  events = COALESCE(:events, events),
                                  active = COALESCE(:active, active),
                                  disabled_reason = CASE WHEN :active THEN NULL ELSE disabled_reason END,
                                  previous_secret = CASE WHEN :rotate THEN secret ELSE previous_secret END,
                                  previous_secret_until = CASE WHEN :rotate THEN :until ELSE previous_secret_until END,
                                  secret = CASE WHEN :rotate THEN :secret ELSE secret END,
                                  updated_at = :now
                                WHERE id = :id AND tenant_id = :tenant
                                RETURNING\s"""
                                        + COLUMNS)
                        .bind("id", id)
                        .bind("tenant", tenantId)
                        .bind("rotate", secret != null)
                        .bind("now", now.atOffset(ZoneOffset.UTC));
        spec = url == null ? spec.bindNull("url", String.class) : spec.bind("url", url);
        spec =
                events == null
                        ? spec.bindNull("events", String[].class)
                        : spec.bind("events", events);
        spec =
                active == null
                        ? spec.bindNull("active", Boolean.class)
                        : spec.bind("active", active);
        spec = secret == null ? spec.bindNull("secret", byte[].class) : spec.bind("secret", secret);
        spec =
                previousUntil == null
                        ? spec.bindNull("until", OffsetDateTime.class)
                        : spec.bind("until", previousUntil.atOffset(ZoneOffset.UTC));
        return spec.map(WebhookRepository::webhook).one();
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    static Webhook webhook(Readable row) {
        return new Webhook(
                row.get("id", String.class),
                row.get("tenant_id", String.class),
                row.get("url", String.class),
                Arrays.asList(row.get("events", String[].class)),
                Boolean.TRUE.equals(row.get("has_secret", Boolean.class)),
                Boolean.TRUE.equals(row.get("active", Boolean.class)),
                row.get("disabled_reason", String.class),
                instant(row.get("failing_since", OffsetDateTime.class)),
                instant(row.get("rotation_ends", OffsetDateTime.class)),
                row.get("created_at", OffsetDateTime.class).toInstant(),
                row.get("updated_at", OffsetDateTime.class).toInstant());
    }
}
