package io.robovis.insight.projection;

import io.robovis.common.events.KafkaRetry;
import io.robovis.common.events.TenantRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * insight-service's view of who owns what, from the three compacted changelogs: tenants (language,
 * timezone, LLM defaults), the robot registry (constructor, client, site, environment; a tombstone
 * marks a robot deleted) and each robot's latest health. Each batch keeps the last record per key
 * and writes one statement; an older record never overwrites a newer one.
 */
@Component
class Directory {

    private static final Logger log = LoggerFactory.getLogger(Directory.class);

    private final DatabaseClient db;
    private final JsonMapper json;

    Directory(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    @KafkaListener(
            id = "insight-service.tenants",
            topics = "#{T(io.robovis.common.events.Topics).TENANTS.name()}")
    Mono<Void> onTenants(List<ConsumerRecord<String, byte[]>> records) {
        return KafkaRetry.untilWritten("insight-service.tenants", () -> onTenantsOnce(records));
    }

    private Mono<Void> onTenantsOnce(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, TenantRecord> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            JsonNode node = read(record);
            if (node != null) {
                try {
                    TenantRecord t = json.treeToValue(node, TenantRecord.class);
                    if (t.tenantId() != null && t.type() != null) {
                        latest.put(t.tenantId(), t);
                    }
                } catch (JacksonException e) {
                    log.warn(
                            "Skipping unreadable tenant record {}: {}",
                            record.offset(),
                            e.toString());
                }
            }
        }
        if (latest.isEmpty()) {
            return Mono.empty();
        }
        List<TenantRecord> tenants = List.copyOf(latest.values());
        return db.sql(
                        """
                        INSERT INTO tenants AS t (tenant_id, type, name, timezone, language,
                                                  ollama_url, ollama_model, offline_after_s,
                                                  anomaly_insights, updated_at)
                        SELECT * FROM unnest(:ids::text[], :types::text[], :names::text[],
                                             :zones::text[], :languages::text[], :urls::text[],
                                             :models::text[], :offline::int[],
                                             :anomalyInsights::boolean[],
                                             :updated::timestamptz[])
                        ON CONFLICT (tenant_id) DO UPDATE SET
                          type = EXCLUDED.type, name = EXCLUDED.name, timezone = EXCLUDED.timezone,
                          language = EXCLUDED.language, ollama_url = EXCLUDED.ollama_url,
                          ollama_model = EXCLUDED.ollama_model,
                          offline_after_s = EXCLUDED.offline_after_s,
                          anomaly_insights = EXCLUDED.anomaly_insights,
                          updated_at = EXCLUDED.updated_at
                        WHERE t.updated_at <= EXCLUDED.updated_at
                        """)
                .bind("ids", tenants.stream().map(TenantRecord::tenantId).toArray(String[]::new))
                .bind("types", tenants.stream().map(TenantRecord::type).toArray(String[]::new))
                .bind("names", tenants.stream().map(TenantRecord::name).toArray(String[]::new))
                .bind("zones", tenants.stream().map(TenantRecord::timezone).toArray(String[]::new))
                .bind(
                        "languages",
                        tenants.stream().map(TenantRecord::language).toArray(String[]::new))
                .bind("urls", tenants.stream().map(TenantRecord::ollamaUrl).toArray(String[]::new))
                .bind(
                        "models",
                        tenants.stream().map(TenantRecord::ollamaModel).toArray(String[]::new))
                .bind(
                        "offline",
                        tenants.stream()
                                .map(t -> t.offlineAfterS() > 0 ? t.offlineAfterS() : null)
                                .toArray(Integer[]::new))
                .bind(
                        "anomalyInsights",
                        tenants.stream()
                                .map(t -> Boolean.TRUE.equals(t.anomalyInsights()))
                                .toArray(Boolean[]::new))
                .bind(
                        "updated",
                        tenants.stream()
                                .map(t -> time(t.updatedAt()))
                                .toArray(OffsetDateTime[]::new))
                .then();
    }

    @KafkaListener(
            id = "insight-service.robots",
            topics = "#{T(io.robovis.common.events.Topics).ROBOTS.name()}")
    Mono<Void> onRobots(List<ConsumerRecord<String, byte[]>> records) {
        return KafkaRetry.untilWritten("insight-service.robots", () -> onRobotsOnce(records));
    }

    private Mono<Void> onRobotsOnce(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        Map<String, Boolean> deleted = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.key() == null) {
                continue;
            }
            if (record.value() == null) {
                latest.remove(record.key());
                deleted.put(record.key(), true);
                continue;
            }
            JsonNode robot = read(record);
            if (robot != null
                    && robot.path("client_id").isString()
                    && robot.path("constructor_id").isString()) {
                latest.put(record.key(), robot);
                deleted.remove(record.key());
            }
        }
        return upsertRobots(List.copyOf(latest.values())).then(markDeleted(deleted.keySet()));
    }

    private Mono<Void> upsertRobots(List<JsonNode> robots) {
        if (robots.isEmpty()) {
            return Mono.empty();
        }
        return db.sql(
                        """
                        INSERT INTO robots AS r (robot_id, constructor_id, client_id, model, site,
                                                 environment, offline_after_s, deleted, updated_at)
                        SELECT i, co, cl, m, s, e, o, false, u
                        FROM unnest(:ids::text[], :constructors::text[], :clients::text[],
                                    :models::text[], :sites::text[], :environments::text[],
                                    :offline::int[], :updated::timestamptz[]) AS x(i, co, cl, m, s, e, o, u)
                        ON CONFLICT (robot_id) DO UPDATE SET
                          client_since_ms = CASE WHEN r.client_id = EXCLUDED.client_id
                                                 THEN r.client_since_ms
                                                 ELSE (extract(epoch FROM EXCLUDED.updated_at) * 1000)::bigint END,
                          constructor_id = EXCLUDED.constructor_id, client_id = EXCLUDED.client_id,
                          model = EXCLUDED.model, site = EXCLUDED.site,
                          environment = EXCLUDED.environment,
                          offline_after_s = EXCLUDED.offline_after_s, deleted = false,
                          updated_at = EXCLUDED.updated_at
                        WHERE r.updated_at <= EXCLUDED.updated_at
                        """)
                .bind("ids", texts(robots, "robot_id"))
                .bind("constructors", texts(robots, "constructor_id"))
                .bind("clients", texts(robots, "client_id"))
                .bind("models", texts(robots, "model"))
                .bind("sites", texts(robots, "site"))
                .bind("environments", texts(robots, "environment"))
                .bind(
                        "offline",
                        robots.stream()
                                .map(
                                        r ->
                                                r.path("offline_after_s").isNumber()
                                                        ? r.get("offline_after_s").asInt()
                                                        : null)
                                .toArray(Integer[]::new))
                .bind(
                        "updated",
                        robots.stream()
                                .map(r -> time(r.path("updated_at").asString(null)))
                                .toArray(OffsetDateTime[]::new))
                .then();
    }

    private Mono<Void> markDeleted(java.util.Set<String> ids) {
        if (ids.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("UPDATE robots SET deleted = true WHERE robot_id = ANY(:ids)")
                .bind("ids", ids.toArray(String[]::new))
                .then();
    }

    @KafkaListener(
            id = "insight-service.health",
            topics = "#{T(io.robovis.common.events.Topics).ROBOT_HEALTH.name()}")
    Mono<Void> onHealth(List<ConsumerRecord<String, byte[]>> records) {
        return KafkaRetry.untilWritten("insight-service.health", () -> onHealthOnce(records));
    }

    private Mono<Void> onHealthOnce(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            JsonNode health = read(record);
            if (health != null
                    && health.path("robot_id").isString()
                    && health.path("health_score").isNumber()) {
                latest.put(health.get("robot_id").asString(), health);
            }
        }
        if (latest.isEmpty()) {
            return Mono.empty();
        }
        List<JsonNode> rows = List.copyOf(latest.values());
        return db.sql(
                        """
                        INSERT INTO robot_health AS h (robot_id, health_score, risk_level,
                                                       predicted_failure, probability, record,
                                                       computed_at)
                        SELECT i, s, r, p, pr, rec::jsonb, c
                        FROM unnest(:ids::text[], :scores::int[], :risks::text[], :failures::text[],
                                    :probabilities::float8[], :records::text[],
                                    :computed::timestamptz[]) AS x(i, s, r, p, pr, rec, c)
                        ON CONFLICT (robot_id) DO UPDATE SET
                          health_score = EXCLUDED.health_score, risk_level = EXCLUDED.risk_level,
                          predicted_failure = EXCLUDED.predicted_failure,
                          probability = EXCLUDED.probability, record = EXCLUDED.record,
                          computed_at = EXCLUDED.computed_at
                        WHERE h.computed_at <= EXCLUDED.computed_at
                        """)
                .bind("ids", texts(rows, "robot_id"))
                .bind(
                        "scores",
                        rows.stream()
                                .map(h -> h.get("health_score").asInt())
                                .toArray(Integer[]::new))
                .bind(
                        "risks",
                        rows.stream()
                                .map(h -> h.path("risk_level").asString("low"))
                                .toArray(String[]::new))
                .bind(
                        "failures",
                        rows.stream()
                                .map(h -> h.path("predicted_failure").asString("none"))
                                .toArray(String[]::new))
                .bind(
                        "probabilities",
                        rows.stream()
                                .map(h -> h.path("probability").asDouble(0))
                                .toArray(Double[]::new))
                .bind("records", rows.stream().map(json::writeValueAsString).toArray(String[]::new))
                .bind(
                        "computed",
                        rows.stream()
                                .map(h -> time(h.path("computed_at").asString(null)))
                                .toArray(OffsetDateTime[]::new))
                .then();
    }

    private JsonNode read(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            JsonNode node = json.readTree(record.value());
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException e) {
            log.warn(
                    "Skipping unreadable record {}@{} of {}: {}",
                    record.partition(),
                    record.offset(),
                    record.topic(),
                    e.toString());
            return null;
        }
    }

    private static String[] texts(List<JsonNode> nodes, String field) {
        return nodes.stream()
                .map(n -> n.path(field).isString() ? n.get(field).asString() : null)
                .toArray(String[]::new);
    }

    /** An ISO-8601 instant; a record without one counts as older than any. */
    private static OffsetDateTime time(String iso) {
        try {
            return Instant.parse(iso).atOffset(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            return Instant.EPOCH.atOffset(ZoneOffset.UTC);
        }
    }
}
