package io.robovis.webhook.delivery;

import io.robovis.common.events.CloudEventHeaders;
import io.robovis.common.events.Topics;
import io.robovis.common.test.MutableClock;
import io.robovis.common.test.TestInfrastructure;
import io.robovis.common.test.TestTokens;
import io.robovis.common.test.TopicReader;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * webhook-service with real Postgres and Kafka, a clock the tests move, loopback allowed (the
 * receivers run here), and a real receiver per test.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "robovis.webhook.allowed-cidrs=127.0.0.0/8",
            "robovis.webhook.poll-interval=100ms",
            "robovis.webhook.timeout=3s",
            "robovis.webhook.max-concurrency-per-endpoint=4"
        })
@AutoConfigureWebTestClient(timeout = "30s")
@Import(DeliveryTestSupport.ClockConfiguration.class)
abstract class DeliveryTestSupport {

    static final MutableClock CLOCK = new MutableClock(Instant.now());

    @Autowired WebTestClient client;
    @Autowired DatabaseClient db;
    @Autowired JsonMapper json;

    Receiver receiver;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @TestConfiguration
    static class ClockConfiguration {
        @Bean
        @Primary
        Clock testClock() {
            return CLOCK;
        }
    }

    @BeforeEach
    void startReceiver() {
        // tokens are minted with the real time: each test starts there
        CLOCK.set(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        receiver = new Receiver();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String admin(String tenantId) {
        return tenantId.startsWith("constructor")
                ? TestTokens.constructorAdmin(tenantId)
                : TestTokens.clientAdmin(tenantId);
    }

    /** A POST without a body by the tenant's admin. */
    WebTestClient.ResponseSpec postAs(String tenantId, String uri) {
        return client.post()
                .uri(uri)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + admin(tenantId))
                .exchange();
    }

    /** A GET by the tenant's admin. */
    WebTestClient.ResponseSpec getAs(String tenantId, String uri) {
        return client.get()
                .uri(uri)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + admin(tenantId))
                .exchange();
    }

    /** Creates a webhook through the API; answers its id. */
    String webhook(String tenantId, String url, List<String> events, String secret) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", url);
        body.put("events", events);
        if (secret != null) {
            body.put("secret", secret);
        }
        Map<String, Object> created =
                client.post()
                        .uri("/v1/webhooks")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + admin(tenantId))
                        .bodyValue(body)
                        .exchange()
                        .expectStatus()
                        .isCreated()
                        .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                        .returnResult()
                        .getResponseBody();
        return (String) created.get("id");
    }

    /** Publishes a platform event as robot-service does; answers its id. */
    String publish(String type, List<String> tenants, Map<String, Object> data) {
        String id = UUID.randomUUID().toString();
        publish(id, type, tenants, data);
        return id;
    }

    void publish(String id, String type, List<String> tenants, Map<String, Object> data) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", id);
        event.put("type", type);
        event.put("time", CLOCK.instant().toString());
        event.put("tenants", tenants);
        event.put("data", data);
        TopicReader.send(
                Topics.PLATFORM_EVENTS.name(),
                (String) data.getOrDefault("robot_id", id),
                json.writeValueAsString(event),
                Map.of(CloudEventHeaders.ID, id, CloudEventHeaders.TYPE, type));
    }

    /** The delivery log of a webhook, as its tenant's admin reads it. */
    List<Map<String, Object>> log(String tenantId, String webhookId) {
        return getAs(tenantId, "/v1/webhooks/" + webhookId + "/deliveries")
                .expectStatus()
                .isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {})
                .returnResult()
                .getResponseBody();
    }

    /** A delivery's state straight from the table (readable after the clock moved far ahead). */
    Map<String, Object> row(String webhookId) {
        return db.sql(
                        "SELECT status, retry_step, attempt_count, next_attempt_at, lease FROM deliveries"
                                + " WHERE webhook_id = :id")
                .bind("id", webhookId)
                .fetch()
                .one()
                .block();
    }

    Map<String, Object> webhookRow(String webhookId) {
        return db.sql("SELECT active, disabled_reason, failing_since FROM webhooks WHERE id = :id")
                .bind("id", webhookId)
                .fetch()
                .one()
                .block();
    }

    static Map<String, Object> offline(String robotId, String clientId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("robot_id", robotId);
        data.put("client_id", clientId);
        data.put("site", "site-1");
        data.put("last_seen_ms", 1_744_000_000_000L);
        data.put("offline_after_s", 300);
        return data;
    }
}
