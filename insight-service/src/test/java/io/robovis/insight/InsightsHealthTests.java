package io.robovis.insight;

import io.robovis.common.test.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** GET /v1/insights/health is public and tells whether the default Ollama answers. */
class InsightsHealthTests {

    /** A real local server speaking Ollama's /api/tags. */
    static final DisposableServer OLLAMA =
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
                                                                            "{\"models\":[{\"name\":\"mistral:latest\"}]}"))))
                    .bindNow();

    @AfterAll
    static void stop() {
        OLLAMA.disposeNow();
    }

    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    @AutoConfigureWebTestClient
    abstract static class Base {
        @Autowired WebTestClient client;
    }

    @org.junit.jupiter.api.Nested
    class WhenOllamaAnswers extends Base {
        @DynamicPropertySource
        static void props(DynamicPropertyRegistry registry) {
            TestInfrastructure.register(registry);
            registry.add("ROBOVIS_OLLAMA_URL", () -> "http://127.0.0.1:" + OLLAMA.port());
        }

        @Test
        void healthSaysOllamaIsReachableWithoutAToken() {
            client.get()
                    .uri("/v1/insights/health")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo("ok")
                    .jsonPath("$.ollama.reachable")
                    .isEqualTo(true)
                    .jsonPath("$.narration")
                    .isEqualTo("ollama:mistral");
        }
    }

    @org.junit.jupiter.api.Nested
    class WhenOllamaIsDown extends Base {
        @DynamicPropertySource
        static void props(DynamicPropertyRegistry registry) {
            TestInfrastructure.register(registry);
            registry.add(
                    "ROBOVIS_OLLAMA_URL",
                    () -> "http://127.0.0.1:" + TestInfrastructure.closedPort());
        }

        @Test
        void healthStillAnswersAndSaysTemplateNarration() {
            client.get()
                    .uri("/v1/insights/health")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.ollama.reachable")
                    .isEqualTo(false)
                    .jsonPath("$.narration")
                    .isEqualTo("template");
        }
    }
}
