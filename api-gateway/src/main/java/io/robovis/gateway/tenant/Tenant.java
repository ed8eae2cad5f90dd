package io.robovis.gateway.tenant;

import io.robovis.common.events.TenantRecord;
import java.time.Instant;

/** A tenant and its settings, as stored. Null LLM fields mean "the platform default". */
record Tenant(
        String tenantId,
        String type,
        String name,
        String timezone,
        String language,
        int offlineAfterS,
        String ollamaUrl,
        String ollamaModel,
        int retentionDays,
        boolean anomalyInsights,
        Instant updatedAt) {

    TenantRecord toRecord() {
        return new TenantRecord(
                tenantId,
                type,
                name,
                timezone,
                language,
                offlineAfterS,
                ollamaUrl,
                ollamaModel,
                retentionDays,
                anomalyInsights,
                updatedAt.toString());
    }
}
