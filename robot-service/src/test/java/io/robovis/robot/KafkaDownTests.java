package io.robovis.robot;

import static org.assertj.core.api.Assertions.assertThat;

import io.robovis.common.security.Role;
import io.robovis.common.security.TenantType;
import io.robovis.common.test.TestInfrastructure;
import io.robovis.common.test.TestTokens;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** With Kafka unreachable, ingestion answers 503 within 5 s: never a hang, never a false 202. */
class KafkaDownTests extends RobotServiceTestSupport {

    @Test
    void ingestionAnswers503WithinFiveSecondsWhenKafkaIsUnreachable() {
        String ctor = unique("ctor");
        String cli = unique("cli");
        String robot = unique("DOWN");
        tenants(Map.of(ctor, "constructor", cli, "client"));
        provision(ctor, robot, cli, Map.of());

        Map<String, Object> properties = new HashMap<>();
        TestInfrastructure.register((name, value) -> properties.put(name, value.get()));
        // a command-line argument: it outranks the system property the embedded test broker sets
        String nowhere =
                "--spring.kafka.bootstrap-servers=127.0.0.1:" + TestInfrastructure.closedPort();
        properties.put("server.port", "0");
        properties.put("spring.kafka.listener.auto-startup", "false");
        properties.put("spring.kafka.admin.auto-create", "false");
        properties.put("robovis.presence.check-every", "1h");
        // no broker to read revocations from: do not wait for it at start-up
        properties.put("robovis.security.identity-feed-catch-up", "1s");
        try (ConfigurableApplicationContext isolated =
                new SpringApplicationBuilder(
                                RobotServiceApplication.class, ClockConfiguration.class)
                        .properties(properties)
                        .run(nowhere)) {
            int port = ((WebServerApplicationContext) isolated).getWebServer().getPort();
            WebTestClient direct =
                    WebTestClient.bindToServer()
                            .baseUrl("http://localhost:" + port)
                            .responseTimeout(Duration.ofSeconds(30))
                            .build();
            long start = System.nanoTime();
            direct.post()
                    .uri("/v1/robots/events")
                    .header(
                            HttpHeaders.AUTHORIZATION,
                            bearer(TestTokens.token(ctor, TenantType.CONSTRUCTOR, Role.INGEST)))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(List.of(event(robot, CLOCK.millis(), "heartbeat", Map.of())))
                    .exchange()
                    .expectStatus()
                    .isEqualTo(503)
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("kafka_unavailable");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(Duration.ofSeconds(8));
        }
    }
}
