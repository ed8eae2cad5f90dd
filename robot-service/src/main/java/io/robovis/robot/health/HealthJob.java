package io.robovis.robot.health;

import io.robovis.common.db.AdvisoryLock;
import io.robovis.common.scheduling.PeriodicJob;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Keeps fleet health current: every {@code check-every}, rescores the robots with data their score
 * has not seen (robots.data_seq ahead of robot_health.scored_seq); every {@code
 * full-rescore-every}, rescores every robot (a score ages without new data: a silent robot, a trend
 * nearing its threshold). One instance works at a time (a transaction-scoped advisory lock), so an
 * episode's prediction.high_risk goes out once.
 */
@Component
class HealthJob extends PeriodicJob {

    private static final Logger log = LoggerFactory.getLogger(HealthJob.class);
    private static final long LOCK_ID = 0x4865616c7468L; // "Health"

    /** Robots scored together: about 200 hourly rollups each are read for one page. */
    static final int PAGE = 500;

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final HealthScoring scoring;
    private final HealthProperties properties;
    private final Clock clock;
    private volatile long lastFullMs;

    HealthJob(
            DatabaseClient db,
            TransactionalOperator transaction,
            HealthScoring scoring,
            HealthProperties properties,
            Clock clock) {
        super(properties.checkEvery(), properties.checkEvery());
        this.db = db;
        this.transaction = transaction;
        this.scoring = scoring;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    protected Mono<Integer> runOnce() {
        Mono<Integer> changed =
                changedPage()
                        .expand(n -> n == PAGE ? changedPage() : Mono.empty())
                        .reduce(0, Integer::sum);
        long now = clock.millis();
        if (now - lastFullMs < properties.fullRescoreEvery().toMillis()) {
            return changed;
        }
        return changed.flatMap(n -> rescoreAll(now).map(all -> n + all));
    }

    /** Rescores one page of robots with data their score has not seen; emits how many. */
    Mono<Integer> changedPage() {
        Mono<Integer> work =
                AdvisoryLock.tryForTransaction(db, LOCK_ID)
                        .flatMap(locked -> locked ? scoreChanged() : Mono.just(0));
        return transaction.transactional(work);
    }

    private Mono<Integer> scoreChanged() {
        return db.sql(
                        """
                        SELECT r.robot_id FROM robots r LEFT JOIN robot_health h USING (robot_id)
                        WHERE r.deprovisioned_at IS NULL AND r.client_id IS NOT NULL
                          AND r.data_seq > COALESCE(h.scored_seq, -1)
                        ORDER BY r.robot_id LIMIT :limit
                        """)
                .bind("limit", PAGE)
                .map(row -> row.get("robot_id", String.class))
                .all()
                .collectList()
                .flatMap(ids -> scoring.score(ids, clock.millis()));
    }

    /** Rescores every provisioned robot, a page at a time; emits how many. */
    Mono<Integer> rescoreAll(long now) {
        return Mono.defer(
                () -> {
                    long started = System.nanoTime();
                    return page(null, now)
                            .expand(
                                    last ->
                                            last.robotId() == null
                                                    ? Mono.empty()
                                                    : page(last.robotId(), now))
                            .reduce(0, (sum, p) -> sum + p.count())
                            .doOnNext(
                                    n -> {
                                        lastFullMs = now;
                                        if (n > 0) {
                                            log.info(
                                                    "Full rescore: {} robots in {} ms",
                                                    n,
                                                    (System.nanoTime() - started) / 1_000_000);
                                        }
                                    });
                });
    }

    private record Page(String robotId, int count) {}

    private Mono<Page> page(String after, long now) {
        Mono<Page> work =
                AdvisoryLock.tryForTransaction(db, LOCK_ID)
                        .flatMap(
                                locked ->
                                        locked
                                                ? scorePage(after, now)
                                                : Mono.just(new Page(null, 0)));
        return transaction.transactional(work);
    }

    private Mono<Page> scorePage(String after, long now) {
        var spec =
                db.sql(
                                """
                                SELECT robot_id FROM robots
                                WHERE deprovisioned_at IS NULL AND client_id IS NOT NULL
                                  AND (:after::text IS NULL OR robot_id > :after)
                                ORDER BY robot_id LIMIT :limit
                                """)
                        .bind("limit", PAGE);
        spec = after == null ? spec.bindNull("after", String.class) : spec.bind("after", after);
        return spec.map(row -> row.get("robot_id", String.class))
                .all()
                .collectList()
                .flatMap(
                        ids ->
                                scoring.score(ids, now)
                                        .map(
                                                n ->
                                                        new Page(
                                                                ids.size() == PAGE
                                                                        ? ids.get(PAGE - 1)
                                                                        : null,
                                                                n)));
    }
}
