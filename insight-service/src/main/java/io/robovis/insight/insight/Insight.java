package io.robovis.insight.insight;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A stored insight as the API shows it. {@code narration} says how the text was written (attempts,
 * why the template was used); {@code visibleTo} is decided when the insight is written and never
 * shown.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Insight(
        String insightId,
        String tenantId,
        String kind,
        String robotId,
        String severity,
        String analysisText,
        Map<String, Object> facts,
        String generator,
        String model,
        String language,
        Map<String, Object> narration,
        Instant createdAt,
        long durationMs,
        @JsonIgnore List<String> visibleTo) {}
