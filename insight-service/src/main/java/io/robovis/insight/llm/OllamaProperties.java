package io.robovis.insight.llm;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The platform's LLM: its default URL and model ({@code ROBOVIS_OLLAMA_URL}, {@code
 * ROBOVIS_OLLAMA_MODEL}), the URLs a tenant's settings or a request may name instead ({@code
 * ROBOVIS_OLLAMA_ALLOWED_URLS}, comma-separated; empty: only the default URL), and how long a
 * narration may take before the template narration is used instead ({@code
 * ROBOVIS_OLLAMA_TIMEOUT}).
 */
@ConfigurationProperties("robovis.ollama")
public record OllamaProperties(
        @DefaultValue("http://localhost:11434") String url,
        @DefaultValue("mistral") String model,
        @DefaultValue List<String> allowedUrls,
        @DefaultValue("60s") Duration timeout,
        @DefaultValue("2s") Duration healthTimeout) {}
