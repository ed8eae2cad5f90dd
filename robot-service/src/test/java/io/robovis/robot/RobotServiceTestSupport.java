package io.robovis.robot;

import io.robovis.common.test.MutableClock;
import io.robovis.common.test.TestEvents;
import io.robovis.common.test.TestInfrastructure;
import io.robovis.common.test.TestTokens;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * robot-service on a random port with real Postgres and Kafka, a clock the tests move, and helpers
 * that act as the platform does: tenants arrive on robovis.tenants.v1, robots are provisioned
 * through the API.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "robovis.presence.check-every=200ms",
            "robovis.outbox.poll-interval=50ms",
            "robovis.health.check-every=300ms"
        })
@AutoConfigureWebTestClient(timeout = "30s")
@Import(RobotServiceTestSupport.ClockConfiguration.class)
public abstract class RobotServiceTestSupport {

    /** Shared by every context of the module (two instances see the same time). */
    public static final MutableClock CLOCK = new MutableClock(Instant.now());

    @Autowired protected WebTestClient client;
    @Autowired protected DatabaseClient db;
    @Autowired protected JsonMapper json;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @TestConfiguration
    public static class ClockConfiguration {
        @Bean
        @Primary
        Clock testClock() {
            return CLOCK;
        }
    }

    /** A tenant id unique to one test, so tests never see each other's data. */
    protected static String unique(String prefix) {
        return TestEvents.unique(prefix);
    }

    /**
     * Publishes tenants on the changelog, as the gateway does, and waits until robot-service has
     * them.
     */
    protected void tenants(Map<String, String> typeById) {
        typeById.forEach((id, type) -> TestEvents.publishTenant(json, id, type, "en"));
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(
                        () ->
                                db.sql(
                                                        "SELECT count(*) AS n FROM tenants WHERE tenant_id = ANY(:ids)")
                                                .bind(
                                                        "ids",
                                                        typeById.keySet().toArray(String[]::new))
                                                .map(row -> row.get("n", Long.class))
                                                .one()
                                                .block()
                                        == typeById.size());
    }

    protected void provision(
            String constructor, String robotId, String clientId, Map<String, Object> extra) {
        Map<String, Object> robot = new LinkedHashMap<>();
        robot.put("robot_id", robotId);
        robot.put("client_id", clientId);
        robot.put("model", "Buddy");
        robot.put("site", "site-1");
        robot.put("environment", "ehpad");
        robot.put("firmware", "3.2.0");
        robot.putAll(extra);
        client.post()
                .uri("/v1/robots")
                .header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.constructorAdmin(constructor)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(robot)
                .exchange()
                .expectStatus()
                .isCreated();
    }

    protected static String bearer(String token) {
        return "Bearer " + token;
    }

    protected static Map<String, Object> event(
            String robotId, long tsMs, String type, Map<String, Object> fields) {
        return TestEvents.event(robotId, tsMs, type, fields);
    }

    protected WebTestClient.ResponseSpec send(String token, List<?> events) {
        return client.post()
                .uri("/v1/robots/events")
                .header(HttpHeaders.AUTHORIZATION, bearer(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(events)
                .exchange();
    }

    protected List<Map<String, Object>> timeline(String token, String robotId, String query) {
        List<Map<String, Object>> entries = new ArrayList<>();
        client.get()
                .uri(
                        "/v1/client/robots/"
                                + robotId
                                + "/timeline"
                                + (query == null ? "" : "?" + query))
                .header(HttpHeaders.AUTHORIZATION, bearer(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBodyList(Map.class)
                .value(list -> list.forEach(m -> entries.add(castMap(m))));
        return entries;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
