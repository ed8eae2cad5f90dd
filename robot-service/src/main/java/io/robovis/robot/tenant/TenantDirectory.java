package io.robovis.robot.tenant;

import io.robovis.common.events.KafkaRetry;
import io.robovis.common.events.TenantRecord;
import io.robovis.common.events.Topics;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * robot-service's view of the tenants, built from the {@code robovis.tenants.v1} changelog: which
 * client ids exist, and each tenant's offline timeout and retention.
 */
@Component
public class TenantDirectory {

    private static final Logger log = LoggerFactory.getLogger(TenantDirectory.class);

    private final DatabaseClient db;
    private final JsonMapper json;

    TenantDirectory(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    @KafkaListener(
            id = "robot-service.tenants",
            topics = "#{T(io.robovis.common.events.Topics).TENANTS.name()}")
    Mono<Void> onTenants(List<ConsumerRecord<String, byte[]>> records) {
        return KafkaRetry.untilWritten("robot-service.tenants", () -> onTenantsOnce(records));
    }

    private Mono<Void> onTenantsOnce(List<ConsumerRecord<String, byte[]>> records) {
        List<TenantRecord> tenants = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.value() == null) {
                continue;
            }
            try {
                tenants.add(json.readValue(record.value(), TenantRecord.class));
            } catch (RuntimeException e) {
                log.warn(
                        "Skipping unreadable record {} of {}: {}",
                        record.offset(),
                        Topics.TENANTS.name(),
                        e.toString());
            }
        }
        return Flux.fromIterable(tenants).concatMap(this::upsert).then();
    }

    private Mono<Void> upsert(TenantRecord tenant) {
        return db.sql(
                        """
                        INSERT INTO tenants (tenant_id, type, offline_after_s, retention_days, updated_at)
                        VALUES (:id, :type, :offline, :retention, :updated)
                        ON CONFLICT (tenant_id) DO UPDATE SET
                          type = EXCLUDED.type,
                          offline_after_s = EXCLUDED.offline_after_s,
                          retention_days = EXCLUDED.retention_days,
                          updated_at = EXCLUDED.updated_at
                        WHERE tenants.updated_at <= EXCLUDED.updated_at
                        """)
                .bind("id", tenant.tenantId())
                .bind("type", tenant.type())
                .bind("offline", tenant.offlineAfterS())
                .bind("retention", tenant.retentionDays())
                .bind("updated", Instant.parse(tenant.updatedAt()).atOffset(ZoneOffset.UTC))
                .then();
    }

    /** The ids among {@code ids} that name client tenants. */
    public Mono<List<String>> existingClients(List<String> ids) {
        return db.sql(
                        "SELECT tenant_id FROM tenants WHERE type = 'client' AND tenant_id = ANY(:ids)")
                .bind("ids", ids.toArray(String[]::new))
                .map(row -> row.get("tenant_id", String.class))
                .all()
                .collectList();
    }
}
