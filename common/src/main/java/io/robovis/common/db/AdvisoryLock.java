package io.robovis.common.db;

import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * A PostgreSQL advisory lock held until the current transaction ends: one instance at a time does
 * the guarded work, the others skip it.
 */
public final class AdvisoryLock {

    /** Emits whether this transaction got the lock; call it inside a transaction. */
    public static Mono<Boolean> tryForTransaction(DatabaseClient db, long lockId) {
        return db.sql("SELECT pg_try_advisory_xact_lock(:lock) AS locked")
                .bind("lock", lockId)
                .map(row -> Boolean.TRUE.equals(row.get("locked", Boolean.class)))
                .one();
    }

    private AdvisoryLock() {}
}
