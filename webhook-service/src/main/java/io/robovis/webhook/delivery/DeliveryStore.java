package io.robovis.webhook.delivery;

import io.r2dbc.spi.Readable;
import io.robovis.webhook.delivery.Leases.Lease;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deliveries table: written in batches (one statement per Kafka batch, per claim, per batch of
 * outcomes), claimed with {@code FOR UPDATE SKIP LOCKED} so instances never share an attempt.
 */
@Repository
class DeliveryStore {

    /**
     * The columns a claim needs, from an {@code ins}/{@code d} row joined with webhook {@code w}.
     */
    private static final String CLAIM_COLUMNS =
            "d.id, d.webhook_id, d.event_type, d.payload, d.attempt_count, d.retry_step, w.url,"
                    + " w.secret, CASE WHEN w.previous_secret_until > :now THEN w.previous_secret"
                    + " END AS previous_secret";

    /** A delivery as {@link DeliveryView} reads it, with every attempt; FROM deliveries d. */
    private static final String VIEW_SELECT =
            """
            SELECT d.id, d.event_id, d.event_type, d.status, d.attempt_count,
                   d.next_attempt_at, d.last_status, d.created_at, d.updated_at,
                   COALESCE((SELECT json_agg(json_build_object(
                              'attempt', a.attempt,
                              'at', to_char(a.attempted_at AT TIME ZONE 'UTC',
                                            'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                              'status_code', a.status_code,
                              'duration_ms', a.duration_ms,
                              'error', a.error,
                              'response_body', a.response_body) ORDER BY a.attempt)
                             FROM delivery_attempts a WHERE a.delivery_id = d.id),
                            '[]')::text AS attempts
            """;

    private final DatabaseClient db;
    private final JsonMapper json;

    DeliveryStore(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /** One event as one tenant sees it: the payload its webhooks receive. */
    record TenantEvent(String eventId, String type, String tenantId, String payload, long timeMs) {}

    /**
     * Persists one delivery per subscribed, active webhook of each event's tenant (once per event
     * and webhook, however often the event is replayed) and claims the new ones for this instance,
     * except those of {@code busy} webhooks: they are left due, for a claim once there is room. A
     * webhook gets the events that happened after it was created.
     */
    Flux<Claim> fanOut(List<TenantEvent> events, Lease lease, String[] busy) {
        int n = events.size();
        String[] ids = new String[n];
        String[] types = new String[n];
        String[] tenants = new String[n];
        String[] payloads = new String[n];
        Long[] times = new Long[n];
        for (int i = 0; i < n; i++) {
            TenantEvent e = events.get(i);
            ids[i] = e.eventId();
            types[i] = e.type();
            tenants[i] = e.tenantId();
            payloads[i] = e.payload();
            times[i] = e.timeMs();
        }
        return db.sql(
                        """
                        WITH x AS (
                          SELECT * FROM unnest(:ids::text[], :types::text[], :tenants::text[],
                                               :payloads::text[], :times::bigint[])
                                 AS x(event_id, event_type, tenant_id, payload, time_ms)),
                        d AS (
                          INSERT INTO deliveries (id, webhook_id, tenant_id, event_id, event_type, payload,
                                                  next_attempt_at, lease, created_at, updated_at)
                          SELECT 'whd_' || replace(gen_random_uuid()::text, '-', ''), w.id, w.tenant_id,
                                 x.event_id, x.event_type, x.payload,
                                 CASE WHEN w.id = ANY (:busy::text[]) THEN :now ELSE :until END,
                                 CASE WHEN w.id = ANY (:busy::text[]) THEN NULL ELSE :lease END,
                                 :now, :now
                          FROM x JOIN webhooks w
                            ON w.tenant_id = x.tenant_id AND w.active
                           AND (x.event_type = ANY (w.events) OR '*' = ANY (w.events))
                           AND w.created_at <= to_timestamp(x.time_ms / 1000.0)
                          ON CONFLICT (webhook_id, event_id) DO NOTHING
                          RETURNING id, webhook_id, event_type, payload, attempt_count, retry_step, lease)
                        SELECT\s"""
                                + CLAIM_COLUMNS
                                + " FROM d JOIN webhooks w ON w.id = d.webhook_id"
                                + " WHERE d.lease IS NOT NULL")
                .bind("ids", ids)
                .bind("busy", busy)
                .bind("types", types)
                .bind("tenants", tenants)
                .bind("payloads", payloads)
                .bind("times", times)
                .bind("now", utc(lease.at()))
                .bind("until", utc(lease.until()))
                .bind("lease", lease.token())
                .map(row -> claim(row, lease))
                .all();
    }

    /** Persists a test ping to one webhook, claimed for this instance; empty if no such webhook. */
    Mono<Claim> ping(
            String webhookId, String tenantId, String eventId, String payload, Lease lease) {
        return db.sql(
                        """
                        WITH d AS (
                          INSERT INTO deliveries (id, webhook_id, tenant_id, event_id, event_type, payload,
                                                  next_attempt_at, lease, created_at, updated_at)
                          SELECT 'whd_' || replace(gen_random_uuid()::text, '-', ''), w.id, w.tenant_id,
                                 :event, 'webhook.test', :payload, :until, :lease, :now, :now
                          FROM webhooks w WHERE w.id = :webhook AND w.tenant_id = :tenant
                          RETURNING id, webhook_id, event_type, payload, attempt_count, retry_step)
                        SELECT\s"""
                                + CLAIM_COLUMNS
                                + " FROM d JOIN webhooks w ON w.id = d.webhook_id")
                .bind("webhook", webhookId)
                .bind("tenant", tenantId)
                .bind("event", eventId)
                .bind("payload", payload)
                .bind("now", utc(lease.at()))
                .bind("until", utc(lease.until()))
                .bind("lease", lease.token())
                .map(row -> claim(row, lease))
                .one();
    }

    /**
     * Claims due deliveries of active webhooks: at most {@code perEndpoint} per webhook, none of
     * the {@code busy} webhooks, rows another instance holds skipped.
     */
    Flux<Claim> claimDue(Lease lease, String[] busy, int perEndpoint, int limit) {
        return db.sql(
                        """
                        WITH due AS (
                          SELECT p.id FROM webhooks w
                          CROSS JOIN LATERAL (
                            SELECT id FROM deliveries
                            WHERE webhook_id = w.id AND status = 'pending' AND next_attempt_at <= :now
                            ORDER BY next_attempt_at
                            LIMIT :per
                            FOR UPDATE SKIP LOCKED) p
                          WHERE w.active AND NOT (w.id = ANY (:busy::text[]))
                          LIMIT :limit),
                        d AS (
                          UPDATE deliveries SET next_attempt_at = :until, lease = :lease
                          WHERE id IN (SELECT id FROM due)
                          RETURNING id, webhook_id, event_type, payload, attempt_count, retry_step)
                        SELECT\s"""
                                + CLAIM_COLUMNS
                                + " FROM d JOIN webhooks w ON w.id = d.webhook_id")
                .bind("now", utc(lease.at()))
                .bind("until", utc(lease.until()))
                .bind("lease", lease.token())
                .bind("busy", busy)
                .bind("per", perEndpoint)
                .bind("limit", limit)
                .map(row -> claim(row, lease))
                .all();
    }

    /**
     * Gives claimed deliveries back, due now, for whichever instance has room first (their lane was
     * full, or too little of their lease was left to make an attempt).
     */
    Mono<Void> release(List<Claim> claims, Instant now) {
        return db.sql(
                        """
                        UPDATE deliveries d SET lease = NULL, next_attempt_at = :now
                        FROM unnest(:ids::text[], :leases::bigint[]) AS x(id, lease)
                        WHERE d.id = x.id AND d.lease = x.lease
                        """)
                .bind("ids", claims.stream().map(Claim::id).toArray(String[]::new))
                .bind("leases", claims.stream().map(Claim::lease).toArray(Long[]::new))
                .bind("now", utc(now))
                .then();
    }

    /** A decided attempt: the delivery's new state and the log line of the attempt. */
    record Decision(Outcome outcome, String status, Instant nextAttemptAt, int retryStep) {}

    /**
     * Writes the attempts and the deliveries' new states; an outcome whose lease was taken over
     * (its instance was presumed dead) is dropped, the newer claim's attempt counts.
     */
    Mono<Void> record(List<Decision> decisions) {
        int n = decisions.size();
        String[] ids = new String[n];
        Long[] leases = new Long[n];
        String[] statuses = new String[n];
        Long[] nexts = new Long[n];
        Integer[] steps = new Integer[n];
        Integer[] codes = new Integer[n];
        Long[] ats = new Long[n];
        Integer[] durations = new Integer[n];
        String[] errors = new String[n];
        String[] bodies = new String[n];
        for (int i = 0; i < n; i++) {
            Decision d = decisions.get(i);
            Outcome o = d.outcome();
            ids[i] = o.claim().id();
            leases[i] = o.claim().lease();
            statuses[i] = d.status();
            nexts[i] =
                    d.nextAttemptAt() == null
                            ? o.at().toEpochMilli()
                            : d.nextAttemptAt().toEpochMilli();
            steps[i] = d.retryStep();
            codes[i] = o.statusCode() == null ? 0 : o.statusCode();
            ats[i] = o.at().toEpochMilli();
            durations[i] = o.durationMs();
            errors[i] = o.error() == null ? "" : o.error();
            bodies[i] = o.responseBody() == null ? "" : o.responseBody();
        }
        return db.sql(
                        """
                        WITH x AS (
                          SELECT * FROM unnest(:ids::text[], :leases::bigint[], :statuses::text[],
                                               :nexts::bigint[], :steps::int[], :codes::int[],
                                               :ats::bigint[], :durations::int[], :errors::text[],
                                               :bodies::text[])
                                 AS x(id, lease, status, next_ms, step, code, at_ms, duration, error, body)),
                        d AS (
                          UPDATE deliveries d SET
                            status = x.status,
                            next_attempt_at = to_timestamp(x.next_ms / 1000.0),
                            retry_step = x.step,
                            attempt_count = d.attempt_count + 1,
                            lease = NULL,
                            last_status = NULLIF(x.code, 0),
                            updated_at = to_timestamp(x.at_ms / 1000.0)
                          FROM x WHERE d.id = x.id AND d.lease = x.lease
                          RETURNING d.id, d.attempt_count)
                        INSERT INTO delivery_attempts (delivery_id, attempt, attempted_at, status_code,
                                                       duration_ms, error, response_body)
                        SELECT d.id, d.attempt_count, to_timestamp(x.at_ms / 1000.0), NULLIF(x.code, 0),
                               x.duration, NULLIF(x.error, ''), NULLIF(x.body, '')
                        FROM d JOIN x ON x.id = d.id
                        """)
                .bind("ids", ids)
                .bind("leases", leases)
                .bind("statuses", statuses)
                .bind("nexts", nexts)
                .bind("steps", steps)
                .bind("codes", codes)
                .bind("ats", ats)
                .bind("durations", durations)
                .bind("errors", errors)
                .bind("bodies", bodies)
                .then();
    }

    /** What a batch of attempts says about one webhook. */
    record WebhookHealth(
            String webhookId, boolean succeeded, Instant firstFailure, String goneReason) {}

    /**
     * A success ends a webhook's run of failures; a failure starts one; a webhook failing for
     * {@code disableAfter} or answered with 410 is disabled, with its reason.
     */
    Mono<Void> updateHealth(List<WebhookHealth> health, Instant now, Instant failingSinceLimit) {
        int n = health.size();
        String[] ids = new String[n];
        Boolean[] ok = new Boolean[n];
        Long[] failures = new Long[n];
        String[] gone = new String[n];
        for (int i = 0; i < n; i++) {
            WebhookHealth h = health.get(i);
            ids[i] = h.webhookId();
            ok[i] = h.succeeded();
            failures[i] = h.firstFailure() == null ? 0 : h.firstFailure().toEpochMilli();
            gone[i] = h.goneReason() == null ? "" : h.goneReason();
        }
        return db.sql(
                        """
                        WITH x AS (
                          SELECT id, ok, NULLIF(gone, '') AS gone,
                                 CASE WHEN failure_ms > 0 THEN to_timestamp(failure_ms / 1000.0) END AS failure
                          FROM unnest(:ids::text[], :ok::boolean[], :failures::bigint[], :gone::text[])
                               AS x(id, ok, failure_ms, gone)),
                        s AS (
                          SELECT w.id, x.gone,
                                 CASE WHEN x.ok THEN NULL ELSE COALESCE(w.failing_since, x.failure) END AS since
                          FROM webhooks w JOIN x ON x.id = w.id)
                        UPDATE webhooks w SET
                          failing_since = s.since,
                          active = CASE WHEN s.gone IS NOT NULL OR s.since <= :limit THEN false ELSE w.active END,
                          disabled_reason = CASE
                            WHEN s.gone IS NOT NULL THEN s.gone
                            WHEN s.since <= :limit THEN 'deliveries failed continuously since '
                                 || to_char(s.since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                            ELSE w.disabled_reason END,
                          updated_at = CASE WHEN s.gone IS NOT NULL OR s.since <= :limit THEN :now
                                            ELSE w.updated_at END
                        FROM s WHERE w.id = s.id
                          AND (w.failing_since IS DISTINCT FROM s.since OR s.gone IS NOT NULL
                               OR (w.active AND s.since <= :limit))
                        """)
                .bind("ids", ids)
                .bind("ok", ok)
                .bind("failures", failures)
                .bind("gone", gone)
                .bind("now", utc(now))
                .bind("limit", utc(failingSinceLimit))
                .then();
    }

    /** A page of a webhook's delivery log, newest first, with every attempt. */
    Flux<DeliveryView> log(
            String webhookId, String tenantId, String status, String after, int limit) {
        var spec =
                db.sql(
                                VIEW_SELECT
                                        + """
                                FROM deliveries d
                                WHERE d.webhook_id = :webhook AND d.tenant_id = :tenant
                                  AND (:status::text IS NULL OR d.status = :status)
                                  AND (:after::text IS NULL
                                       OR (d.created_at, d.id) < (SELECT created_at, id FROM deliveries
                                                                  WHERE id = :after AND webhook_id = :webhook))
                                ORDER BY d.created_at DESC, d.id DESC
                                LIMIT :limit
                                """)
                        .bind("webhook", webhookId)
                        .bind("tenant", tenantId)
                        .bind("limit", limit);
        spec = status == null ? spec.bindNull("status", String.class) : spec.bind("status", status);
        spec = after == null ? spec.bindNull("after", String.class) : spec.bind("after", after);
        return spec.map(this::view).all();
    }

    /**
     * Makes a finished delivery (or a pending one waiting for its retry) due now, its retry
     * schedule started again. Emits the number of rows changed: 0 when it is in flight.
     */
    Mono<Long> redeliver(String deliveryId, String webhookId, String tenantId, Instant now) {
        return db.sql(
                        """
                        UPDATE deliveries SET status = 'pending', retry_step = 0, next_attempt_at = :now,
                                              lease = NULL, updated_at = :now
                        WHERE id = :id AND webhook_id = :webhook AND tenant_id = :tenant
                          AND (status <> 'pending' OR lease IS NULL OR next_attempt_at <= :now)
                        """)
                .bind("id", deliveryId)
                .bind("webhook", webhookId)
                .bind("tenant", tenantId)
                .bind("now", utc(now))
                .fetch()
                .rowsUpdated();
    }

    /** One delivery of the log, or empty when the tenant's webhook has no such delivery. */
    Mono<DeliveryView> find(String deliveryId, String webhookId, String tenantId) {
        return db.sql(
                        VIEW_SELECT
                                + """
                        FROM deliveries d
                        WHERE d.id = :id AND d.webhook_id = :webhook AND d.tenant_id = :tenant
                        """)
                .bind("id", deliveryId)
                .bind("webhook", webhookId)
                .bind("tenant", tenantId)
                .map(this::view)
                .one();
    }

    /** Whether the tenant has this webhook. */
    Mono<Boolean> webhookExists(String webhookId, String tenantId) {
        return db.sql("SELECT count(*) AS n FROM webhooks WHERE id = :id AND tenant_id = :tenant")
                .bind("id", webhookId)
                .bind("tenant", tenantId)
                .map(row -> row.get("n", Long.class) > 0)
                .one();
    }

    /** Deletes finished deliveries (and their attempts) last changed before {@code before}. */
    Mono<Long> purge(Instant before, int limit) {
        return db.sql(
                        """
                        DELETE FROM deliveries WHERE id IN (
                          SELECT id FROM deliveries
                          WHERE status <> 'pending' AND updated_at < :before LIMIT :limit)
                        """)
                .bind("before", utc(before))
                .bind("limit", limit)
                .fetch()
                .rowsUpdated();
    }

    private DeliveryView view(Readable row) {
        String status = row.get("status", String.class);
        return new DeliveryView(
                row.get("id", String.class),
                row.get("event_type", String.class),
                row.get("event_id", String.class),
                status,
                row.get("attempt_count", Integer.class),
                row.get("last_status", Integer.class),
                "pending".equals(status)
                        ? row.get("next_attempt_at", OffsetDateTime.class).toInstant()
                        : null,
                row.get("created_at", OffsetDateTime.class).toInstant(),
                row.get("updated_at", OffsetDateTime.class).toInstant(),
                json.readTree(row.get("attempts", String.class)));
    }

    private static Claim claim(Readable row, Lease lease) {
        return new Claim(
                row.get("id", String.class),
                row.get("webhook_id", String.class),
                row.get("url", String.class),
                row.get("event_type", String.class),
                row.get("payload", String.class).getBytes(StandardCharsets.UTF_8),
                row.get("secret", byte[].class),
                row.get("previous_secret", byte[].class),
                row.get("attempt_count", Integer.class) + 1,
                row.get("retry_step", Integer.class),
                lease.token(),
                lease.until());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
