package io.robovis.insight.llm;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Public: is the insight service up, and does the default Ollama answer. Shows the configured URL
 * and model only, nothing else of the installation.
 */
@RestController
class InsightsHealthController {

    private final OllamaProperties ollama;
    private final WebClient http;

    InsightsHealthController(OllamaProperties ollama, WebClient.Builder http) {
        this.ollama = ollama;
        this.http = http.build();
    }

    @GetMapping("/v1/insights/health")
    Mono<Map<String, Object>> health() {
        return http.get()
                .uri(ollama.url() + "/api/tags")
                .retrieve()
                .toBodilessEntity()
                .map(response -> true)
                .timeout(ollama.healthTimeout())
                .onErrorReturn(false)
                .map(
                        reachable -> {
                            Map<String, Object> llm = new LinkedHashMap<>();
                            llm.put("url", ollama.url());
                            llm.put("model", ollama.model());
                            llm.put("reachable", reachable);
                            Map<String, Object> body = new LinkedHashMap<>();
                            body.put("status", "ok");
                            body.put("ollama", llm);
                            body.put(
                                    "narration",
                                    reachable ? "ollama:" + ollama.model() : "template");
                            return body;
                        });
    }
}
