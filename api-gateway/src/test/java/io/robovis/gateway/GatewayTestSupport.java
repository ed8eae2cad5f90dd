package io.robovis.gateway;

import io.robovis.common.test.TestEvents;
import io.robovis.common.test.TestInfrastructure;
import io.robovis.common.test.TestTokens;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.StatusAssertions;
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
@AutoConfigureWebTestClient(timeout = "30s")
@ActiveProfiles("demo")
abstract class GatewayTestSupport {

    static final DisposableServer ROBOT_SERVICE =
            HttpServer.create()
                    .host("127.0.0.1")
                    .port(0)
                    .route(
                            routes ->
                                    routes.post(
                                                    "/v1/robots",
                                                    (request, response) ->
                                                            response.status(201)
                                                                    .header(
                                                                            "Location",
                                                                            "/v1/robots/STUB-1")
                                                                    .header(
                                                                            "Content-Type",
                                                                            "application/json")
                                                                    .sendString(
                                                                            Mono.just(
                                                                                    "{\"robot_id\":\"STUB-1\"}")))
                                            // a robot named OK… is deprovisioned, any other is not
                                            // found
                                            .delete(
                                                    "/v1/robots/{id}",
                                                    (request, response) ->
                                                            response.status(
                                                                            request.param("id")
                                                                                            .startsWith(
                                                                                                    "OK")
                                                                                    ? 204
                                                                                    : 404)
                                                                    .send())
                                            .post(
                                                    "/v1/robots/events",
                                                    (request, response) ->
                                                            response.status(202)
                                                                    .header(
                                                                            "Content-Type",
                                                                            "application/json")
                                                                    .sendString(
                                                                            Mono.just(
                                                                                    "{\"accepted\":1,\"rejected\":[]}")))
                                            .get(
                                                    "/v1/robots",
                                                    (request, response) ->
                                                            response.header(
                                                                            "Content-Type",
                                                                            "application/json")
                                                                    // as every service does
                                                                    .header(
                                                                            "X-Request-Id",
                                                                            request.requestHeaders()
                                                                                    .get(
                                                                                            "X-Request-Id"))
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

    private static ConfigurableApplicationContext second;

    /**
     * A second gateway instance on the same database and broker, started once for the test JVM:
     * what one instance revokes, the other must refuse too.
     */
    static synchronized WebTestClient secondInstance() {
        if (second == null) {
            Map<String, Object> properties = new HashMap<>();
            TestInfrastructure.register((name, value) -> properties.put(name, value.get()));
            properties.put("ROBOVIS_ROBOT_SERVICE_URL", "http://127.0.0.1:" + ROBOT_SERVICE.port());
            second =
                    new SpringApplicationBuilder(
                                    GatewayApplication.class, OwnReactorResources.class)
                            .profiles("demo")
                            .properties(properties)
                            .run(
                                    "--server.port=0",
                                    "--robovis.outbox.poll-interval=50ms",
                                    "--robovis.login-throttle.max-failures-per-address=10000");
            Runtime.getRuntime().addShutdownHook(new Thread(second::close));
        }
        return WebTestClient.bindToServer()
                .baseUrl(
                        "http://127.0.0.1:"
                                + second.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** Its own Reactor Netty resources: closing it must not dispose the ones this JVM shares. */
    @Configuration(proxyBeanMethods = false)
    static class OwnReactorResources {
        @Bean
        ReactorResourceFactory reactorResourceFactory() {
            ReactorResourceFactory factory = new ReactorResourceFactory();
            factory.setUseGlobalResources(false);
            return factory;
        }
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
        registry.add("ROBOVIS_ROBOT_SERVICE_URL", () -> "http://127.0.0.1:" + ROBOT_SERVICE.port());
        // nothing listens there: the route must answer a 503 problem
        registry.add(
                "ROBOVIS_WEBHOOK_SERVICE_URL",
                () -> "http://127.0.0.1:" + TestInfrastructure.closedPort());
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> loginResponse(String username, String password) {
        return client.post()
                .uri("/v1/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "password", password))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    StatusAssertions changePassword(String token, String oldPassword, String newPassword) {
        return client.post()
                .uri("/v1/auth/password")
                .header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("old_password", oldPassword, "new_password", newPassword))
                .exchange()
                .expectStatus();
    }

    /** A client tenant onboarded by constructor-acme, its admin's password changed, logged in. */
    record Onboarded(String tenantId, String admin, String password, String token) {}

    static final String FIRST_PASSWORD = "a first password 123";
    static final String ADMIN_PASSWORD = "the admin's own password";

    Onboarded onboardClient() {
        String tenant = TestEvents.unique("t");
        String admin = TestEvents.unique("adm");
        client.post()
                .uri("/v1/tenants")
                .header(
                        "Authorization",
                        "Bearer " + TestTokens.constructorAdmin("constructor-acme"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(
                        Map.of(
                                "tenant_id",
                                tenant,
                                "name",
                                "Test tenant " + tenant,
                                "admin",
                                Map.of("username", admin, "password", FIRST_PASSWORD)))
                .exchange()
                .expectStatus()
                .isCreated();
        String once = loginResponse(admin, FIRST_PASSWORD).get("token").toString();
        changePassword(once, FIRST_PASSWORD, ADMIN_PASSWORD).isNoContent();
        return new Onboarded(tenant, admin, ADMIN_PASSWORD, login(admin, ADMIN_PASSWORD));
    }

    /** A request with the token, JSON body if any. */
    WebTestClient.ResponseSpec call(
            org.springframework.http.HttpMethod method, String uri, String token, Object body) {
        WebTestClient.RequestBodySpec request =
                client.method(method).uri(uri).header("Authorization", "Bearer " + token);
        return body == null
                ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    String login(String username, String password) {
        return loginResponse(username, password).get("token").toString();
    }
}
