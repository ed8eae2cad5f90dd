package io.robovis.gateway;

import io.robovis.common.test.TestInfrastructure;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The gateway on a random port with the demo identity, real Postgres and Kafka, and a real local
 * HTTP server standing in for the robot service (it echoes what the gateway forwarded).
 */
// Tests share one login-address budget (127.0.0.1): LimitsTests checks the throttles on their own.
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "robovis.login-throttle.max-failures-per-address=10000")
@AutoConfigureWebTestClient
@ActiveProfiles("demo")
abstract class GatewayTestSupport {

    static final DisposableServer ROBOT_SERVICE =
            HttpServer.create()
                    .host("127.0.0.1")
                    .port(0)
                    .route(
                            routes ->
                                    routes.get(
                                            "/v1/robots",
                                            (request, response) ->
                                                    response.header(
                                                                    "Content-Type",
                                                                    "application/json")
                                                            .sendString(
                                                                    Mono.just(
                                                                            "{\"request_id\":\""
                                                                                    + request.requestHeaders()
                                                                                            .get(
                                                                                                    "X-Request-Id")
                                                                                    + "\",\"authorization\":"
                                                                                    + (request.requestHeaders()
                                                                                                    .get(
                                                                                                            "Authorization")
                                                                                            != null)
                                                                                    + "}"))))
                    .bindNow();

    @Autowired WebTestClient client;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
        registry.add("ROBOVIS_ROBOT_SERVICE_URL", () -> "http://127.0.0.1:" + ROBOT_SERVICE.port());
        // nothing listens there: the route must answer a 503 problem
        registry.add(
                "ROBOVIS_WEBHOOK_SERVICE_URL",
                () -> "http://127.0.0.1:" + TestInfrastructure.closedPort());
    }

    String login(String username, String password) {
        return client.post()
                .uri("/v1/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "password", password))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("token")
                .toString();
    }
}
