package io.robovis.robot.health;

import io.robovis.common.db.AdvisoryLock;
import io.robovis.common.scheduling.PeriodicJob;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
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

    /**
     * Robots scored together: about 200 hourly rollups each are read for one page, and a full
     * rescore holds up to four pages (one scored, two read ahead, one waiting): pages of 500 filled
     * a 768 MB heap and cost more in collections than they saved.
     */
    static final int PAGE = 250;

    /** Pages of a full rescore read ahead of the one being scored. */
    static final int READ_AHEAD = 2;

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
                .flatMap(ids -> scoring.read(ids, clock.millis()))
                .flatMap(scoring::score);
    }

    /**
     * Rescores every provisioned robot, a page at a time; emits how many. The next pages' inputs
     * are read while one is scored and saved (the database and the scorer each keep a core busy);
     * scoring stays one page at a time, each in its own transaction under the lock (a page whose
     * lock another instance holds is left to it).
     */
    Mono<Integer> rescoreAll(long now) {
        return Mono.defer(
                () -> {
                    long started = System.nanoTime();
                    return provisioned()
                            .flatMapMany(ids -> Flux.fromIterable(ids).buffer(PAGE))
                            .flatMapSequential(page -> scoring.read(page, now), READ_AHEAD, 1)
                            .concatMap(this::scoreLocked)
                            .reduce(0, Integer::sum)
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

    private Mono<List<String>> provisioned() {
        return db.sql(
                        """
                        SELECT robot_id FROM robots
                        WHERE deprovisioned_at IS NULL AND client_id IS NOT NULL ORDER BY robot_id
                        """)
                .map(row -> row.get("robot_id", String.class))
                .all()
                .collectList();
    }

    /** Scores a page under the lock; emits how many (none when another instance holds it). */
    private Mono<Integer> scoreLocked(HealthScoring.Inputs inputs) {
        Mono<Integer> work =
                AdvisoryLock.tryForTransaction(db, LOCK_ID)
                        .flatMap(locked -> locked ? scoring.score(inputs) : Mono.just(0));
        return transaction.transactional(work);
    }
}
