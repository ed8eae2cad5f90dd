package io.robovis.insight.llm;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ollama's chat API over a plain WebClient ({@code POST <url>/api/chat}): the URL changes per
 * request (tenant settings, the request's ollama_url), which Spring AI's client does not offer
 * without building a client per call. Reads both a single answer and a streamed one (NDJSON
 * chunks); an answer is complete only with {@code done: true}.
 */
@Component
public class OllamaClient {

    /** Why no narration came back; the insight records it. */
    public static final class Failure extends RuntimeException {
        private final String reason;

        Failure(String reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }

        /** unreachable, timeout, http_status, malformed_answer, empty_answer. */
        public String reason() {
            return reason;
        }
    }

    private final WebClient http;
    private final JsonMapper json;

    OllamaClient(WebClient.Builder http, JsonMapper json) {
        this.http = http.codecs(c -> c.defaultCodecs().maxInMemorySize(1024 * 1024)).build();
        this.json = json;
    }

    /** The assistant's answer to {@code messages} ({@code role}, {@code content}). */
    public Mono<String> chat(
            String baseUrl, String model, List<Map<String, String>> messages, Duration timeout) {
        Map<String, Object> request =
                Map.of(
                        "model",
                        model,
                        "messages",
                        messages,
                        "stream",
                        false,
                        "options",
                        Map.of("temperature", 0.2));
        return http.post()
                .uri(baseUrl + "/api/chat")
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_NDJSON)
                .bodyValue(request)
                .retrieve()
                .bodyToMono(String.class)
                .defaultIfEmpty("")
                .timeout(timeout)
                .onErrorMap(OllamaClient::failure)
                .map(this::content);
    }

    private static Throwable failure(Throwable e) {
        if (e instanceof Failure) {
            return e;
        }
        if (e instanceof TimeoutException) {
            return new Failure("timeout", "no complete answer in time");
        }
        if (e instanceof WebClientResponseException r) {
            return new Failure("http_status", "answered HTTP " + r.getStatusCode().value());
        }
        if (e instanceof WebClientRequestException) {
            return new Failure("unreachable", "could not be reached");
        }
        return new Failure("malformed_answer", "the answer could not be read");
    }

    /** The message content of a single answer or of the chunks of a streamed one. */
    String content(String body) {
        StringBuilder text = new StringBuilder();
        boolean done = false;
        for (String line : body.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode chunk;
            try {
                chunk = json.readTree(line);
            } catch (JacksonException e) {
                throw new Failure("malformed_answer", "the answer is not Ollama's JSON");
            }
            if (chunk == null || !chunk.isObject()) {
                throw new Failure("malformed_answer", "the answer is not Ollama's JSON");
            }
            if (chunk.hasNonNull("error")) {
                throw new Failure("http_status", "answered with an error");
            }
            text.append(chunk.path("message").path("content").asString(""));
            done |= chunk.path("done").asBoolean(false);
        }
        if (!done) {
            throw new Failure("malformed_answer", "the answer ended before done");
        }
        if (text.toString().isBlank()) {
            throw new Failure("empty_answer", "the answer had no text");
        }
        return text.toString().trim();
    }
}
