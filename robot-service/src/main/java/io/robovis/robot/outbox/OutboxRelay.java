package io.robovis.robot.outbox;

import io.robovis.common.events.CloudEventHeaders;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes the outbox to Kafka in id order and deletes what the broker acknowledged. One relay
 * runs at a time across instances (a transaction-scoped advisory lock), which keeps per-key order;
 * a crash after the publish and before the delete publishes again (at least once: consumers dedupe
 * by {@code ce_id}).
 */
@Component
class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final long LOCK_ID = 0x526f626f74L; // "Robot"
    private static final int BATCH = 1000;

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final KafkaTemplate<String, byte[]> kafka;
    private final Clock clock;
    private final Duration interval;
    private Disposable loop;

    OutboxRelay(
            DatabaseClient db,
            TransactionalOperator transaction,
            KafkaTemplate<String, byte[]> kafka,
            Clock clock,
            @org.springframework.beans.factory.annotation.Value(
                            "${robovis.outbox.poll-interval:200ms}")
                    Duration interval) {
        this.db = db;
        this.transaction = transaction;
        this.kafka = kafka;
        this.clock = clock;
        this.interval = interval;
    }

    /** Publishes one batch; emits how many records went out (0 when idle or another relay runs). */
    Mono<Integer> publishBatch() {
        Mono<Integer> work =
                db.sql("SELECT pg_try_advisory_xact_lock(:lock) AS locked")
                        .bind("lock", LOCK_ID)
                        .map(row -> Boolean.TRUE.equals(row.get("locked", Boolean.class)))
                        .one()
                        .flatMap(locked -> locked ? drain() : Mono.just(0));
        return transaction.transactional(work);
    }

    private Mono<Integer> drain() {
        return db.sql(
                        """
                        SELECT id, topic, record_key, value, ce_id, ce_type, ce_subject
                        FROM outbox ORDER BY id LIMIT :limit
                        """)
                .bind("limit", BATCH)
                .map(
                        row ->
                                new Row(
                                        row.get("id", Long.class),
                                        new OutboxRecord(
                                                row.get("topic", String.class),
                                                row.get("record_key", String.class),
                                                bytes(row.get("value", String.class)),
                                                row.get("ce_id", String.class),
                                                row.get("ce_type", String.class),
                                                row.get("ce_subject", String.class))))
                .all()
                .collectList()
                .flatMap(
                        rows ->
                                rows.isEmpty()
                                        ? Mono.just(0)
                                        : send(rows)
                                                .then(
                                                        db.sql(
                                                                        "DELETE FROM outbox WHERE id = ANY(:ids)")
                                                                .bind(
                                                                        "ids",
                                                                        rows.stream()
                                                                                .map(Row::id)
                                                                                .toArray(
                                                                                        Long[]
                                                                                                ::new))
                                                                .then())
                                                .thenReturn(rows.size()));
    }

    private Mono<Void> send(List<Row> rows) {
        return Mono.fromFuture(
                        () -> {
                            List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
                            for (Row row : rows) {
                                OutboxRecord r = row.record();
                                ProducerRecord<String, byte[]> record =
                                        new ProducerRecord<>(r.topic(), r.key(), r.value());
                                CloudEventHeaders.add(
                                        record.headers(),
                                        r.ceId(),
                                        r.ceType(),
                                        "robovis/robot-service",
                                        clock.instant(),
                                        r.ceSubject());
                                acks.add(kafka.send(record));
                            }
                            return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
                        })
                .subscribeOn(Schedulers.boundedElastic())
                .then();
    }

    @Override
    public void start() {
        loop =
                Flux.interval(interval, Schedulers.parallel())
                        .onBackpressureDrop()
                        .concatMap(
                                tick ->
                                        publishBatch()
                                                .expand(
                                                        n ->
                                                                n == BATCH
                                                                        ? publishBatch()
                                                                        : Mono.empty())
                                                .onErrorResume(
                                                        error -> {
                                                            log.warn(
                                                                    "Outbox publish failed, will retry: {}",
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

    private static byte[] bytes(String json) {
        return json == null ? null : json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private record Row(long id, OutboxRecord record) {}
}
