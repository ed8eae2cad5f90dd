package io.robovis.gateway.tenant;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The settings a tenant admin may change; absent fields stay as they are. */
record TenantSettingsPatch(
        @Size(min = 1, max = 200) String name,
        @TimeZoneId String timezone,
        @Pattern(regexp = "fr|en", message = "must be one of: fr, en") String language,
        @Min(30) @Max(604800) Integer offlineAfterS,
        @Size(max = 500)
                @Pattern(
                        regexp = "https?://[^\\s/?#@]+(/[^\\s?#]*)?",
                        message = "must be an http or https URL without credentials or query")
                String ollamaUrl,
        @Size(min = 1, max = 100)
                @Pattern(regexp = "[A-Za-z0-9._:/-]+", message = "must be an Ollama model name")
                String ollamaModel,
        @Min(1) @Max(3650) Integer retentionDays,
        Boolean anomalyInsights) {}
