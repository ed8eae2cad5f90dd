package io.robovis.insight.llm;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The platform's default LLM ({@code ROBOVIS_OLLAMA_URL}, {@code ROBOVIS_OLLAMA_MODEL}); a tenant's
 * settings and a request may override them within the operator's allowlist.
 */
@ConfigurationProperties("robovis.ollama")
public record OllamaProperties(
        @DefaultValue("http://localhost:11434") String url,
        @DefaultValue("mistral") String model,
        @DefaultValue("2s") Duration healthTimeout) {}
