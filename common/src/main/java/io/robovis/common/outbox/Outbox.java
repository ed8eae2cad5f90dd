package io.robovis.common.outbox;

import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Appends records to the transactional outbox. Call it inside the transaction that makes the change
 * the records describe; {@link OutboxRelay} publishes them after commit.
 */
public class Outbox {

    private final DatabaseClient db;

    Outbox(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> append(List<OutboxRecord> records) {
        if (records.isEmpty()) {
            return Mono.empty();
        }
        int n = records.size();
        String[] topics = new String[n];
        String[] keys = new String[n];
        String[] values = new String[n];
        String[] ids = new String[n];
        String[] types = new String[n];
        String[] subjects = new String[n];
        for (int i = 0; i < n; i++) {
            OutboxRecord r = records.get(i);
            topics[i] = r.topic();
            keys[i] = r.key();
            values[i] =
                    r.value() == null
                            ? null
                            : new String(r.value(), java.nio.charset.StandardCharsets.UTF_8);
            ids[i] = r.ceId();
            types[i] = r.ceType();
            subjects[i] = r.ceSubject();
        }
        return db.sql(
                        """
                        INSERT INTO outbox (topic, record_key, value, ce_id, ce_type, ce_subject)
                        SELECT t, k, v, i, ty, s
                        FROM unnest(:topics::text[], :keys::text[], :values::text[], :ids::text[],
                                    :types::text[], :subjects::text[]) AS x(t, k, v, i, ty, s)
                        """)
                .bind("topics", topics)
                .bind("keys", keys)
                .bind("values", values)
                .bind("ids", ids)
                .bind("types", types)
                .bind("subjects", subjects)
                .then();
    }

    public Mono<Void> append(OutboxRecord record) {
        return append(List.of(record));
    }
}
