package io.robovis.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.robovis.common.events.Topics;
import io.robovis.common.security.Role;
import io.robovis.common.security.TenantType;
import io.robovis.common.test.TestInfrastructure;
import io.robovis.common.test.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

class TenantSettingsTests extends GatewayTestSupport {

    @Test
    void anyoneOfTheTenantReadsItsSettings() {
        client.get()
                .uri("/v1/tenant/settings")
                .header(
                        HttpHeaders.AUTHORIZATION,
                        "Bearer " + login("constructor_admin", "constructor123"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.tenant_id")
                .isEqualTo("constructor-acme")
                .jsonPath("$.type")
                .isEqualTo("constructor")
                .jsonPath("$.name")
                .isEqualTo("ACME Robotics")
                .jsonPath("$.offline_after_s")
                .isEqualTo(300)
                .jsonPath("$.timezone")
                .isEqualTo("Europe/Paris")
                .jsonPath("$.language")
                .isEqualTo("fr")
                .jsonPath("$.retention_days")
                .isEqualTo(365)
                .jsonPath("$.anomaly_insights")
                .isEqualTo(false)
                .jsonPath("$.ollama_url")
                .doesNotExist();
    }

    @Test
    void adminUpdatesSettingsAndTheChangeIsPublished() {
        String token = login("beta_admin", "beta123");
        client.patch()
                .uri("/v1/tenant/settings")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(
                        Map.of(
                                "offline_after_s",
                                600,
                                "language",
                                "en",
                                "timezone",
                                "Europe/London",
                                "anomaly_insights",
                                true))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.offline_after_s")
                .isEqualTo(600)
                .jsonPath("$.anomaly_insights")
                .isEqualTo(true)
                .jsonPath("$.timezone")
                .isEqualTo("Europe/London")
                .jsonPath("$.name")
                .isEqualTo("Beta Schools");

        client.get()
                .uri("/v1/tenant/settings")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectBody()
                .jsonPath("$.offline_after_s")
                .isEqualTo(600);

        assertThat(latestTenantRecord("client-beta"))
                .contains("\"offline_after_s\":600")
                .contains("\"anomaly_insights\":true");
    }

    @Test
    void viewerCannotChangeSettings() {
        client.patch()
                .uri("/v1/tenant/settings")
                .header(
                        HttpHeaders.AUTHORIZATION,
                        "Bearer "
                                + TestTokens.token("client-alpha", TenantType.CLIENT, Role.VIEWER))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("offline_after_s", 120))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("forbidden_role");
    }

    @Test
    @SuppressWarnings("unchecked")
    void invalidSettingsAre400NamingEachField() {
        client.patch()
                .uri("/v1/tenant/settings")
                .header(
                        HttpHeaders.AUTHORIZATION,
                        "Bearer " + TestTokens.clientAdmin("client-alpha"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(
                        Map.of(
                                "offline_after_s", 1,
                                "timezone", "Mars/Olympus",
                                "language", "tlh",
                                "ollama_url", "ftp://user:pw@llm"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("validation_failed")
                .jsonPath("$.errors[*].field")
                .value(
                        fields ->
                                assertThat((List<Object>) fields)
                                        .containsExactlyInAnyOrder(
                                                "offline_after_s",
                                                "timezone",
                                                "language",
                                                "ollama_url"));
    }

    @Test
    void unknownSettingIs400() {
        client.patch()
                .uri("/v1/tenant/settings")
                .header(
                        HttpHeaders.AUTHORIZATION,
                        "Bearer " + TestTokens.clientAdmin("client-alpha"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenant_id", "client-beta"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("tenant_id"));
    }

    private static String latestTenantRecord(String tenantId) {
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        TestInfrastructure.kafkaBootstrap(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "test-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                        StringDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                        StringDeserializer.class);
        String latest = null;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(Topics.TENANTS.name()));
            long deadline = System.currentTimeMillis() + 15_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record :
                        consumer.poll(Duration.ofMillis(500))) {
                    if (record.key().equals(tenantId)) {
                        latest = record.value();
                    }
                }
                if (latest != null && latest.contains("\"offline_after_s\":600")) {
                    break;
                }
            }
        }
        return latest;
    }
}
