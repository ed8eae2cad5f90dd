package io.robovis.common.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A tenant and its settings, as published on {@link Topics#TENANTS} (key: tenant id). Services that
 * need client ids, offline timeouts, language or timezone build their own view from it.
 */
public record TenantRecord(
        @JsonProperty("tenant_id") String tenantId,
        String type,
        String name,
        String timezone,
        String language,
        @JsonProperty("offline_after_s") int offlineAfterS,
        @JsonProperty("ollama_url") String ollamaUrl,
        @JsonProperty("ollama_model") String ollamaModel,
        @JsonProperty("retention_days") int retentionDays,
        @JsonProperty("anomaly_insights") Boolean anomalyInsights,
        @JsonProperty("updated_at") String updatedAt) {}
