package io.robovis.gateway.key;

import io.robovis.common.events.IngestKeyRecord;
import io.robovis.common.events.Topics;
import io.robovis.common.outbox.Outbox;
import io.robovis.common.outbox.OutboxRecord;
import io.robovis.common.security.IngestKeyDirectory;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes ingest keys to the compacted {@code robovis.ingest-keys.v1}: each creation and
 * revocation through the outbox, in the transaction of the change, so the changelog holds each
 * key's latest state in the order the changes committed. (No snapshot at start-up: a copy read
 * before a revocation and published after it would make a revoked key live again.) This instance's
 * directory learns a change at once.
 */
@Component
class IngestKeyChangelog {

    private final Outbox outbox;
    private final IngestKeyDirectory directory;
    private final JsonMapper json;

    IngestKeyChangelog(Outbox outbox, IngestKeyDirectory directory, JsonMapper json) {
        this.outbox = outbox;
        this.directory = directory;
        this.json = json;
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
}
