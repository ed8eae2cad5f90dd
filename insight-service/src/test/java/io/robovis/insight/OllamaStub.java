package io.robovis.insight;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real local HTTP server that speaks Ollama's protocol ({@code POST /api/chat}, {@code GET
 * /api/tags}). The requested model chooses its behaviour:
 *
 * <ul>
 *   <li>{@code mistral}: a grounded answer quoting the facts' window length;
 *   <li>{@code streamed}: the same answer as NDJSON chunks ending with {@code done: true};
 *   <li>{@code invent}: always a number the facts do not hold;
 *   <li>{@code invent-once}: an invented number, then (on the retry) a grounded answer;
 *   <li>{@code error500}: HTTP 500; {@code garbage}: malformed JSON; {@code cut}: a stream that
 *       stops before {@code done}; {@code slow}: answers after 3 s.
 * </ul>
 */
final class OllamaStub {

    static final String INVENTED = "The fleet has 987654 robots.";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern DAYS = Pattern.compile("\"days\":([0-9.]+)");

    final AtomicInteger chats = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicReference<String> last =
            new java.util.concurrent.atomic.AtomicReference<>("");
    private final DisposableServer server;

    OllamaStub() {
        server =
                HttpServer.create()
                        .host("127.0.0.1")
                        .port(0)
                        .route(
                                routes ->
                                        routes.get(
                                                        "/api/tags",
                                                        (request, response) ->
                                                                response.header(
                                                                                "Content-Type",
                                                                                "application/json")
                                                                        .sendString(
                                                                                Mono.just(
                                                                                        "{\"models\":[{\"name\":\"mistral:latest\"}]}")))
                                                .post(
                                                        "/api/chat",
                                                        (request, response) ->
                                                                request.receive()
                                                                        .aggregate()
                                                                        .asString()
                                                                        .doOnNext(this::received)
                                                                        .flatMapMany(
                                                                                body ->
                                                                                        answer(
                                                                                                body,
                                                                                                response))
                                                                        .then()))
                        .bindNow();
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    private void received(String body) {
        chats.incrementAndGet();
        last.set(body);
    }

    /** The body of the last chat request. */
    String lastRequest() {
        return last.get();
    }

    void stop() {
        server.disposeNow();
    }

    private static Flux<Void> answer(
            String body, reactor.netty.http.server.HttpServerResponse response) {
        JsonNode request = JSON.readTree(body);
        String model = request.path("model").asString();
        JsonNode messages = request.path("messages");
        String facts = messages.path(1).path("content").asString();
        Matcher days = DAYS.matcher(facts);
        String grounded =
                "Over the last "
                        + (days.find() ? days.group(1) : "")
                        + " days the facts above describe the fleet.";
        boolean retry = messages.size() > 2;
        return switch (model) {
            case "mistral" -> Flux.from(json(response, single(grounded)));
            case "streamed" ->
                    Flux.from(
                            response.header("Content-Type", "application/x-ndjson")
                                    .sendString(
                                            Flux.just(
                                                    chunk(grounded.substring(0, 10), false),
                                                    chunk(grounded.substring(10), false),
                                                    chunk("", true))));
            case "invent" -> Flux.from(json(response, single(INVENTED)));
            case "invent-once" -> Flux.from(json(response, single(retry ? grounded : INVENTED)));
            case "error500" ->
                    Flux.from(
                            response.status(500)
                                    .sendString(Mono.just("{\"error\":\"model crashed\"}")));
            case "garbage" ->
                    Flux.from(json(response, "{\"message\": {\"content\": \"unterminated"));
            case "cut" ->
                    Flux.from(
                            response.header("Content-Type", "application/x-ndjson")
                                    .sendString(
                                            Flux.just(
                                                    chunk("The fleet is", false),
                                                    chunk(" fine", false))));
            case "slow" ->
                    Flux.from(
                            Mono.delay(Duration.ofSeconds(3))
                                    .then(json(response, single(grounded))));
            default ->
                    Flux.from(
                            response.status(404)
                                    .sendString(Mono.just("{\"error\":\"model not found\"}")));
        };
    }

    private static Mono<Void> json(
            reactor.netty.http.server.HttpServerResponse response, String body) {
        return response.header("Content-Type", "application/json")
                .sendString(Mono.just(body))
                .then();
    }

    private static String single(String content) {
        return JSON.writeValueAsString(
                java.util.Map.of(
                        "model",
                        "stub",
                        "message",
                        java.util.Map.of("role", "assistant", "content", content),
                        "done",
                        true));
    }

    private static String chunk(String content, boolean done) {
        return JSON.writeValueAsString(
                        java.util.Map.of(
                                "model",
                                "stub",
                                "message",
                                java.util.Map.of("role", "assistant", "content", content),
                                "done",
                                done))
                + "\n";
    }
}
