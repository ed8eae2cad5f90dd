package io.robovis.insight.insight;

import io.robovis.common.events.PlatformEvent;
import io.robovis.common.outbox.Outbox;
import io.robovis.common.outbox.OutboxRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Insights in the database. Writing one also appends its {@code insight.created} to the outbox in
 * the same transaction, so the event goes out exactly when the insight exists.
 */
@Component
class InsightStore {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final String COLUMNS =
            "insight_id, tenant_id, visible_to, kind, robot_id, severity, analysis_text,"
                    + " facts::text AS facts, generator, model, language, narration::text AS narration,"
                    + " created_at, duration_ms";

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final Outbox outbox;
    private final JsonMapper json;

    InsightStore(
            DatabaseClient db, TransactionalOperator transaction, Outbox outbox, JsonMapper json) {
        this.db = db;
        this.transaction = transaction;
        this.outbox = outbox;
        this.json = json;
    }

    Mono<Insight> save(Insight insight) {
        Mono<Void> insert =
                db.sql(
                                """
                                INSERT INTO insights (insight_id, tenant_id, visible_to, kind, robot_id,
                                                      severity, analysis_text, facts, generator, model,
                                                      language, narration, created_at, duration_ms)
                                VALUES (:id, :tenant, :visible, :kind, :robot, :severity, :text,
                                        :facts::jsonb, :generator, :model, :language,
                                        :narration::jsonb, :created, :duration)
                                """)
                        .bind("id", insight.insightId())
                        .bind("tenant", insight.tenantId())
                        .bind("visible", insight.visibleTo().toArray(String[]::new))
                        .bind("kind", insight.kind())
                        .bind("robot", text(insight.robotId()))
                        .bind("severity", insight.severity())
                        .bind("text", insight.analysisText())
                        .bind("facts", json.writeValueAsString(insight.facts()))
                        .bind("generator", insight.generator())
                        .bind("model", text(insight.model()))
                        .bind("language", insight.language())
                        .bind("narration", json.writeValueAsString(insight.narration()))
                        .bind("created", insight.createdAt().atOffset(ZoneOffset.UTC))
                        .bind("duration", (int) Math.min(Integer.MAX_VALUE, insight.durationMs()))
                        .then();
        return insert.then(outbox.append(created(insight)))
                .as(transaction::transactional)
                .thenReturn(insight);
    }

    private OutboxRecord created(Insight insight) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("insight_id", insight.insightId());
        data.put("kind", insight.kind());
        data.put("severity", insight.severity());
        data.put("robot_id", insight.robotId());
        String id = UUID.randomUUID().toString();
        PlatformEvent event =
                new PlatformEvent(
                        id,
                        "insight.created",
                        insight.createdAt().toString(),
                        insight.visibleTo(),
                        data);
        return OutboxRecord.platformEvent(
                event,
                insight.robotId() != null ? insight.robotId() : insight.tenantId(),
                insight.robotId(),
                json);
    }

    /** A page of the insights a tenant may see, newest first. */
    record Filter(String tenantId, String robotId, String kind, String severity) {}

    /** Position after which the next page starts: (created_at, insight_id) of the last row. */
    record After(Instant createdAt, String insightId) {}

    Mono<List<Insight>> page(Filter filter, After after, int limit) {
        StringBuilder sql =
                new StringBuilder(
                        "SELECT "
                                + COLUMNS
                                + " FROM insights WHERE visible_to @> ARRAY[:tenant]::text[]");
        if (filter.robotId() != null) {
            sql.append(" AND robot_id = :robot");
        }
        if (filter.kind() != null) {
            sql.append(" AND kind = :kind");
        }
        if (filter.severity() != null) {
            sql.append(" AND severity = :severity");
        }
        if (after != null) {
            sql.append(" AND (created_at, insight_id) < (:afterTime, :afterId)");
        }
        sql.append(" ORDER BY created_at DESC, insight_id DESC LIMIT :limit");
        GenericExecuteSpec spec =
                db.sql(sql.toString()).bind("tenant", filter.tenantId()).bind("limit", limit);
        if (filter.robotId() != null) {
            spec = spec.bind("robot", filter.robotId());
        }
        if (filter.kind() != null) {
            spec = spec.bind("kind", filter.kind());
        }
        if (filter.severity() != null) {
            spec = spec.bind("severity", filter.severity());
        }
        if (after != null) {
            spec =
                    spec.bind("afterTime", after.createdAt().atOffset(ZoneOffset.UTC))
                            .bind("afterId", after.insightId());
        }
        return spec.map((row, meta) -> read(row)).all().collectList();
    }

    Mono<Insight> find(String tenantId, String insightId) {
        return db.sql(
                        "SELECT "
                                + COLUMNS
                                + " FROM insights WHERE insight_id = :id AND visible_to @> ARRAY[:tenant]::text[]")
                .bind("id", insightId)
                .bind("tenant", tenantId)
                .map((row, meta) -> read(row))
                .one();
    }

    private Insight read(io.r2dbc.spi.Row row) {
        return new Insight(
                row.get("insight_id", String.class),
                row.get("tenant_id", String.class),
                row.get("kind", String.class),
                row.get("robot_id", String.class),
                row.get("severity", String.class),
                row.get("analysis_text", String.class),
                json.readValue(row.get("facts", String.class), MAP),
                row.get("generator", String.class),
                row.get("model", String.class),
                row.get("language", String.class),
                json.readValue(row.get("narration", String.class), MAP),
                row.get("created_at", OffsetDateTime.class).toInstant(),
                row.get("duration_ms", Integer.class),
                List.of(row.get("visible_to", String[].class)));
    }

    private static Parameter text(String value) {
        return Parameter.fromOrEmpty(value, String.class);
    }
}
