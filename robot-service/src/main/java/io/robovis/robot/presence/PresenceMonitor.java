package io.robovis.robot.presence;

import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Marks robots offline when nothing arrived within their timeout (robot setting, else the client
 * tenant's {@code offline_after_s}, else the global default). Each online→offline flip is claimed
 * by one instance (row locks, SKIP LOCKED) and recorded in the same transaction, so two instances
 * never emit the same {@code robot.offline}.
 */
@Component
class PresenceMonitor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PresenceMonitor.class);

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final PresenceTransitions transitions;
    private final PresenceProperties properties;
    private final Clock clock;
    private Disposable loop;

    PresenceMonitor(
            DatabaseClient db,
            TransactionalOperator transaction,
            PresenceTransitions transitions,
            PresenceProperties properties,
            Clock clock) {
        this.db = db;
        this.transaction = transaction;
        this.transitions = transitions;
        this.properties = properties;
        this.clock = clock;
    }

    /** One sweep: flips the silent robots offline and emits how many it flipped. */
    Mono<Integer> sweep() {
        long now = clock.millis();
        Mono<Integer> work =
                db.sql(
                                """
                                WITH due AS (
                                  SELECT r.robot_id,
                                         COALESCE(r.offline_after_s, t.offline_after_s, :default) AS timeout_s
                                  FROM robots r LEFT JOIN tenants t ON t.tenant_id = r.client_id
                                  WHERE r.online AND r.deprovisioned_at IS NULL
                                    AND r.last_seen_ms < :now - 1000::bigint
                                        * COALESCE(r.offline_after_s, t.offline_after_s, :default)
                                  ORDER BY r.robot_id
                                  LIMIT 5000
                                  FOR UPDATE OF r SKIP LOCKED
                                )
                                UPDATE robots r SET online = false, state_changed_ms = :now
                                FROM due WHERE r.robot_id = due.robot_id
                                RETURNING r.robot_id, r.constructor_id, r.client_id, r.site,
                                          r.last_seen_ms, due.timeout_s
                                """)
                        .bind("now", now)
                        .bind("default", (int) properties.offlineAfter().toSeconds())
                        .map(
                                row ->
                                        new Transition(
                                                row.get("robot_id", String.class),
                                                row.get("constructor_id", String.class),
                                                row.get("client_id", String.class),
                                                row.get("site", String.class),
                                                row.get("last_seen_ms", Long.class),
                                                row.get("timeout_s", Integer.class)))
                        .all()
                        .collectList()
                        .flatMap(
                                (List<Transition> gone) ->
                                        transitions
                                                .record(PresenceTransitions.OFFLINE, gone)
                                                .thenReturn(gone.size()));
        return transaction.transactional(work);
    }

    @Override
    public void start() {
        loop =
                Flux.interval(properties.checkEvery(), Schedulers.parallel())
                        .onBackpressureDrop()
                        .concatMap(
                                tick ->
                                        sweep().onErrorResume(
                                                        error -> {
                                                            log.warn(
                                                                    "Presence sweep failed, will retry: {}",
                                                                    error.toString());
                                                            return Mono.empty();
                                                        }),
                                1)
                        .subscribe();
    }

    @Override
    public void stop() {
        if (loop != null) {
            loop.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null && !loop.isDisposed();
    }
}
