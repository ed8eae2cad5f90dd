package io.robovis.robot.retention;

import io.robovis.common.db.AdvisoryLock;
import io.robovis.common.scheduling.PeriodicJob;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Per-tenant retention of the event store: a robot's events are kept for its client tenant's {@code
 * retention_days} (tenant settings), then deleted in chunks. One instance purges at a time (a
 * transaction-scoped advisory lock); the BRIN index on time finds old rows cheaply.
 */
@Component
public class EventRetention extends PeriodicJob {

    private static final Logger log = LoggerFactory.getLogger(EventRetention.class);
    private static final long LOCK_ID = 0x52657465L; // "Rete"
    static final int CHUNK = 10_000;

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final Clock clock;

    EventRetention(
            DatabaseClient db,
            TransactionalOperator transaction,
            Clock clock,
            @Value("${robovis.retention.check-every:1h}") Duration every) {
        super(Duration.ofMinutes(1), every);
        this.db = db;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Override
    protected Mono<Long> runOnce() {
        return purge().doOnNext(
                        n -> {
                            if (n > 0) {
                                log.info("Retention deleted {} events", n);
                            }
                        });
    }

    /** Deletes every event past its tenant's retention; emits how many. */
    public Mono<Long> purge() {
        return db.sql("SELECT tenant_id, retention_days FROM tenants WHERE type = 'client'")
                .map(
                        row ->
                                new Retention(
                                        row.get("tenant_id", String.class),
                                        row.get("retention_days", Integer.class)))
                .all()
                .concatMap(this::purge)
                .reduce(0L, Long::sum);
    }

    private Mono<Long> purge(Retention tenant) {
        long cutoff = clock.millis() - Duration.ofDays(tenant.days()).toMillis();
        return chunk(tenant.tenantId(), cutoff)
                .expand(
                        deleted ->
                                deleted == CHUNK ? chunk(tenant.tenantId(), cutoff) : Mono.empty())
                .reduce(0L, Long::sum);
    }

    private Mono<Long> chunk(String clientId, long cutoff) {
        Mono<Long> delete =
                AdvisoryLock.tryForTransaction(db, LOCK_ID)
                        .flatMap(
                                locked ->
                                        !locked
                                                ? Mono.just(0L)
                                                : db.sql(
                                                                """
                                                                DELETE FROM events WHERE ctid IN (
                                                                  SELECT ctid FROM events
                                                                  WHERE client_id = :client AND ts_ms < :cutoff
                                                                  LIMIT :chunk)
                                                                """)
                                                        .bind("client", clientId)
                                                        .bind("cutoff", cutoff)
                                                        .bind("chunk", CHUNK)
                                                        .fetch()
                                                        .rowsUpdated());
        return transaction.transactional(delete);
    }

    private record Retention(String tenantId, int days) {}
}
