package io.robovis.robot.presence;

import io.robovis.common.scheduling.PeriodicJob;
import java.time.Clock;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Marks robots offline when nothing arrived within their timeout (robot setting, else the client
 * tenant's {@code offline_after_s}, else the global default). Each online→offline flip is claimed
 * by one instance (row locks, SKIP LOCKED) and recorded in the same transaction, so two instances
 * never emit the same {@code robot.offline}.
 */
@Component
class PresenceMonitor extends PeriodicJob {

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final PresenceTransitions transitions;
    private final PresenceProperties properties;
    private final Clock clock;

    PresenceMonitor(
            DatabaseClient db,
            TransactionalOperator transaction,
            PresenceTransitions transitions,
            PresenceProperties properties,
            Clock clock) {
        super(properties.checkEvery(), properties.checkEvery());
        this.db = db;
        this.transaction = transaction;
        this.transitions = transitions;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    protected Mono<Integer> runOnce() {
        return sweep();
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
                        .map(Transition::of)
                        .all()
                        .collectList()
                        .flatMap(
                                (List<Transition> gone) ->
                                        transitions
                                                .record(PresenceTransitions.OFFLINE, gone)
                                                .thenReturn(gone.size()));
        return transaction.transactional(work);
    }
}
