package io.robovis.common.outbox;

import io.robovis.common.db.AdvisoryLock;
import io.robovis.common.events.CloudEventHeaders;
import io.robovis.common.scheduling.PeriodicJob;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes the outbox to Kafka in id order and deletes what the broker acknowledged. One relay
 * runs at a time across instances (a transaction-scoped advisory lock), which keeps per-key order;
 * a crash after the publish and before the delete publishes again (at least once: consumers dedupe
 * by {@code ce_id}).
 */
class OutboxRelay extends PeriodicJob {

    private static final int BATCH = 1000;

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final KafkaTemplate<String, byte[]> kafka;
    private final Clock clock;
    private final String source;
    private final long lockId;

    /**
     * @param service the publishing service's name: the CloudEvents source is {@code
     *     robovis/<service>}, and each service's relay has its own lock
     */
    OutboxRelay(
            DatabaseClient db,
            TransactionalOperator transaction,
            KafkaTemplate<String, byte[]> kafka,
            Clock clock,
            String service,
            Duration interval) {
        super(interval, interval);
        this.db = db;
        this.transaction = transaction;
        this.kafka = kafka;
        this.clock = clock;
        this.source = "robovis/" + service;
        this.lockId = 0x4f7574626f78L ^ ((long) service.hashCode() << 16); // "Outbox" ^ service
    }

    /** Publishes until the outbox is empty. */
    @Override
    protected Mono<Integer> runOnce() {
        return publishBatch()
                .expand(n -> n == BATCH ? publishBatch() : Mono.empty())
                .reduce(0, Integer::sum);
    }

    /** Publishes one batch; emits how many records went out (0 when idle or another relay runs). */
    Mono<Integer> publishBatch() {
        Mono<Integer> work =
                AdvisoryLock.tryForTransaction(db, lockId)
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
                                        source,
                                        clock.instant(),
                                        r.ceSubject());
                                acks.add(kafka.send(record));
                            }
                            return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
                        })
                .subscribeOn(Schedulers.boundedElastic())
                .then();
    }

    private static byte[] bytes(String json) {
        return json == null ? null : json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private record Row(long id, OutboxRecord record) {}
}
