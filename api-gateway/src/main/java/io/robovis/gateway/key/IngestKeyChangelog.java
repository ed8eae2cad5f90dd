package io.robovis.gateway.key;

import io.robovis.common.events.CloudEventHeaders;
import io.robovis.common.events.IngestKeyRecord;
import io.robovis.common.events.Topics;
import io.robovis.common.outbox.Outbox;
import io.robovis.common.outbox.OutboxRecord;
import io.robovis.common.security.IngestKeyDirectory;
import java.time.Clock;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes ingest keys to the compacted {@code robovis.ingest-keys.v1}: each creation and
 * revocation through the outbox, in the transaction of the change; every key again at start-up, so
 * that the changelog holds them all. This instance's directory learns a change at once.
 */
@Component
class IngestKeyChangelog {

    private static final Logger log = LoggerFactory.getLogger(IngestKeyChangelog.class);

    private final Outbox outbox;
    private final IngestKeyDirectory directory;
    private final KafkaTemplate<String, byte[]> kafka;
    private final IngestKeys keys;
    private final JsonMapper json;
    private final Clock clock;

    IngestKeyChangelog(
            Outbox outbox,
            IngestKeyDirectory directory,
            KafkaTemplate<String, byte[]> kafka,
            IngestKeys keys,
            JsonMapper json,
            Clock clock) {
        this.outbox = outbox;
        this.directory = directory;
        this.kafka = kafka;
        this.keys = keys;
        this.json = json;
        this.clock = clock;
    }

    /** Appends the key's record to the outbox (call inside the change's transaction). */
    Mono<IngestKeyRecord> write(IngestKey.Stored key) {
        IngestKeyRecord record = key.toRecord();
        return outbox.append(
                        new OutboxRecord(
                                Topics.INGEST_KEYS.name(),
                                record.keyId(),
                                json.writeValueAsBytes(record),
                                UUID.randomUUID().toString(),
                                record.revokedAt() == null
                                        ? "robovis.ingest-key.created"
                                        : "robovis.ingest-key.revoked",
                                null))
                .thenReturn(record);
    }

    /** This instance takes the committed change into account now. */
    void applyHere(IngestKeyRecord record) {
        directory.apply(record.keyId(), record);
    }

    @EventListener(ApplicationReadyEvent.class)
    void publishAllOnStart() {
        keys.all()
                .map(IngestKey.Stored::toRecord)
                .concatMap(this::publish)
                .count()
                .subscribe(
                        count ->
                                log.info(
                                        "Published {} ingest keys to {}",
                                        count,
                                        Topics.INGEST_KEYS.name()),
                        error ->
                                log.warn(
                                        "Could not publish ingest keys to {} at start-up: {}",
                                        Topics.INGEST_KEYS.name(),
                                        error.toString()));
    }

    private Mono<Void> publish(IngestKeyRecord key) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(
                        Topics.INGEST_KEYS.name(), key.keyId(), json.writeValueAsBytes(key));
        CloudEventHeaders.add(
                record.headers(),
                UUID.randomUUID().toString(),
                "robovis.ingest-key.updated",
                "robovis/api-gateway",
                clock.instant(),
                null);
        return Mono.fromFuture(() -> kafka.send(record))
                .subscribeOn(Schedulers.boundedElastic())
                .then();
    }
}
