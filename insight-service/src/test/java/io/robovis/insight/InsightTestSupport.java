package io.robovis.insight;

import static org.awaitility.Awaitility.await;

import io.robovis.common.events.Topics;
import io.robovis.common.test.TestEvents;
import io.robovis.common.test.TestInfrastructure;
import io.robovis.common.test.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * insight-service on a random port with real Postgres and Kafka and a real local Ollama stand-in
 * ({@link OllamaStub}, the default LLM). Tests feed it as the platform does: tenants, robots,
 * health and events arrive on their topics.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"robovis.ollama.timeout=1s", "robovis.outbox.poll-interval=50ms"})
@AutoConfigureWebTestClient(timeout = "30s")
abstract class InsightTestSupport {

    static final OllamaStub OLLAMA = new OllamaStub();

    /** An allowed Ollama URL where nothing listens. */
    static final String CLOSED = "http://127.0.0.1:" + TestInfrastructure.closedPort();

    @Autowired WebTestClient client;
    @Autowired DatabaseClient db;
    @Autowired JsonMapper json;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
        registry.add("ROBOVIS_OLLAMA_URL", OLLAMA::url);
        registry.add("ROBOVIS_OLLAMA_ALLOWED_URLS", () -> CLOSED);
    }

    /**
     * Another instance of the service on the same broker and database. It has Reactor Netty
     * resources of its own: closing it must not dispose the global ones this test's instance uses
     * for its outbound calls (Ollama).
     */
    static org.springframework.context.ConfigurableApplicationContext secondInstance(
            Map<String, Object> extra) {
        Map<String, Object> properties = new java.util.HashMap<>();
        TestInfrastructure.register((name, value) -> properties.put(name, value.get()));
        properties.put("ROBOVIS_OLLAMA_URL", OLLAMA.url());
        properties.putAll(extra);
        // default properties rank below application.yml: what it sets goes as arguments
        return new org.springframework.boot.builder.SpringApplicationBuilder(
                        InsightServiceApplication.class, OwnReactorResources.class)
                .properties(properties)
                .run(
                        "--server.port=0",
                        "--robovis.reports.enabled=false",
                        "--robovis.outbox.poll-interval=50ms");
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class OwnReactorResources {
        @org.springframework.context.annotation.Bean
        org.springframework.http.client.ReactorResourceFactory reactorResourceFactory() {
            var factory = new org.springframework.http.client.ReactorResourceFactory();
            factory.setUseGlobalResources(false);
            return factory;
        }
    }

    static String unique(String prefix) {
        return TestEvents.unique(prefix);
    }

    void tenant(String id, String type, String language) {
        TestEvents.publishTenant(json, id, type, language);
        awaitRows("SELECT count(*) AS n FROM tenants WHERE tenant_id = '" + id + "'", 1);
    }

    void robot(String robotId, String constructor, String client, String site, String environment) {
        Map<String, Object> robot = new LinkedHashMap<>();
        robot.put("robot_id", robotId);
        robot.put("constructor_id", constructor);
        robot.put("client_id", client);
        robot.put("model", "Buddy");
        robot.put("site", site);
        robot.put("environment", environment);
        robot.put("firmware", "3.2.0");
        robot.put("offline_after_s", null);
        robot.put("provisioned_at", Instant.now().toString());
        robot.put("updated_at", Instant.now().toString());
        TopicReader.send(Topics.ROBOTS.name(), robotId, json.writeValueAsString(robot), Map.of());
        awaitRows(
                "SELECT count(*) AS n FROM robots WHERE robot_id = '"
                        + robotId
                        + "' AND client_id = '"
                        + client
                        + "'",
                1);
    }

    void health(String robotId, int score, String risk, String failure, double probability) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("robot_id", robotId);
        h.put("health_score", score);
        h.put("risk_level", risk);
        h.put("predicted_failure", failure);
        h.put("probability", probability);
        h.put("horizon_days", 14);
        h.put(
                "components",
                List.of(
                        Map.of(
                                "component",
                                failure.equals("none") ? "battery" : failure,
                                "score",
                                score,
                                "probability",
                                probability,
                                "expected_at_ms",
                                Instant.now().plus(Duration.ofDays(5)).toEpochMilli(),
                                "evidence",
                                List.of(
                                        Map.of(
                                                "metric", "battery_health_pct",
                                                "value", 74.25,
                                                "trend_per_day", -1.5,
                                                "threshold", 70.0)))));
        h.put("computed_at", Instant.now().toString());
        TopicReader.send(Topics.ROBOT_HEALTH.name(), robotId, json.writeValueAsString(h), Map.of());
        awaitRows(
                "SELECT count(*) AS n FROM robot_health WHERE robot_id = '"
                        + robotId
                        + "' AND health_score = "
                        + score,
                1);
    }

    static Map<String, Object> event(
            String robotId, long tsMs, String type, Map<String, Object> fields) {
        return TestEvents.event(robotId, tsMs, type, fields);
    }

    /** Writes events to robovis.robot-events.v1, each keyed by its robot, as robot-service does. */
    void publish(List<Map<String, Object>> events) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (Map<String, Object> e : events) {
            records.add(
                    new ProducerRecord<>(
                            Topics.ROBOT_EVENTS.name(),
                            (String) e.get("robot_id"),
                            json.writeValueAsString(e)));
        }
        TopicReader.sendAll(records);
    }

    /** Writes events to robovis.robot-events.v1 and waits until the projection has them all. */
    void send(List<Map<String, Object>> events) {
        publish(events);
        String ids =
                String.join(
                        ",",
                        events.stream().map(e -> "'" + e.get("event_id") + "'::uuid").toList());
        awaitRows(
                "SELECT count(*) AS n FROM seen_events WHERE event_id IN (" + ids + ")",
                events.size());
    }

    void awaitRows(String countSql, long expected) {
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                db.sql(countSql).map(row -> row.get("n", Long.class)).one().block()
                                        == expected);
    }

    WebTestClient.ResponseSpec analyze(String token, Map<String, Object> body) {
        return client.post()
                .uri("/v1/insights/analyze")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> analyzed(String token, Map<String, Object> body) {
        return (Map<String, Object>)
                analyze(token, body)
                        .expectStatus()
                        .isCreated()
                        .expectBody(Map.class)
                        .returnResult()
                        .getResponseBody();
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> list(String token, String query) {
        return (List<Map<String, Object>>)
                (List<?>)
                        client.get()
                                .uri("/v1/insights" + (query == null ? "" : "?" + query))
                                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                                .exchange()
                                .expectStatus()
                                .isOk()
                                .expectBodyList(Map.class)
                                .returnResult()
                                .getResponseBody();
    }
}
