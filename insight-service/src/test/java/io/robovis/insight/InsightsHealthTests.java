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

/** GET /v1/insights/health is public and tells whether the default Ollama answers. */
class InsightsHealthTests {

    /** A real local server speaking Ollama's protocol. */
    static final OllamaStub OLLAMA = new OllamaStub();

    @AfterAll
    static void stop() {
        OLLAMA.stop();
    }

    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    @AutoConfigureWebTestClient(timeout = "30s")
    abstract static class Base {
        @Autowired WebTestClient client;
    }

    @org.junit.jupiter.api.Nested
    class WhenOllamaAnswers extends Base {
        @DynamicPropertySource
        static void props(DynamicPropertyRegistry registry) {
            TestInfrastructure.register(registry);
            registry.add("ROBOVIS_OLLAMA_URL", () -> OLLAMA.url());
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
