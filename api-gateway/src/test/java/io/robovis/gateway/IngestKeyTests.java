package io.robovis.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.robovis.common.events.Topics;
import io.robovis.common.test.TestTokens;
import io.robovis.common.test.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Ingest keys: created by a constructor admin, shown once, open event ingestion only, revoked. */
class IngestKeyTests extends GatewayTestSupport {

    static final String ACME = "constructor-acme";

    @SuppressWarnings("unchecked")
    Map<String, Object> create(Map<String, Object> body) {
        return call(HttpMethod.POST, "/v1/ingest-keys", TestTokens.constructorAdmin(ACME), body)
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    static HttpStatus send(WebTestClient client, String key) {
        return HttpStatus.valueOf(
                client.post()
                        .uri("/v1/robots/events")
                        .header("Authorization", "Bearer " + key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("[]")
                        .exchange()
                        .returnResult(String.class)
                        .getStatus()
                        .value());
    }

    @Test
    void aKeyIsShownOnceStoredHashedAndSendsEventsOnly() {
        Map<String, Object> created =
                create(Map.of("name", "edge gateway, site 1", "sites", List.of("alpha-site-1")));
        String id = created.get("id").toString();
        String key = created.get("key").toString();
        assertThat(id).startsWith("ik_");
        assertThat(key).startsWith("rk_").hasSizeGreaterThan(40);
        assertThat(created.get("sites")).isEqualTo(List.of("alpha-site-1"));

        String admin = TestTokens.constructorAdmin(ACME);
        call(HttpMethod.GET, "/v1/ingest-keys", admin, null)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.id == '" + id + "')].name")
                .isEqualTo("edge gateway, site 1")
                .jsonPath("$[*].key")
                .doesNotExist()
                .jsonPath("$[*].key_sha256")
                .doesNotExist();
        call(HttpMethod.GET, "/v1/ingest-keys/" + id, admin, null)
                .expectBody()
                .jsonPath("$.key")
                .doesNotExist();
        // newest first, paged with a Link cursor
        create(Map.of("name", "a newer key"));
        var first =
                call(HttpMethod.GET, "/v1/ingest-keys?limit=1", admin, null)
                        .returnResult(Map[].class);
        String link = first.getResponseHeaders().getFirst("Link");
        assertThat(link).contains("rel=\"next\"");
        Map<?, ?>[] page = first.getResponseBody().blockFirst();
        assertThat(page).hasSize(1);
        assertThat(page[0].get("name")).isEqualTo("a newer key");
        Map<?, ?>[] next =
                call(HttpMethod.GET, link.substring(1, link.indexOf('>')), admin, null)
                        .returnResult(Map[].class)
                        .getResponseBody()
                        .blockFirst();
        assertThat(next[0].get("id")).isEqualTo(id);
        // the changelog carries the hash, never the secret
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> published(id) != null);
        assertThat(published(id).value()).doesNotContain(key).contains("key_sha256");

        assertThat(send(client, key)).isEqualTo(HttpStatus.ACCEPTED);
        call(HttpMethod.GET, "/v1/robots", key, null)
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("ingest_key_route");
        call(HttpMethod.POST, "/v1/auth/refresh", key, null).expectStatus().isForbidden();
        call(HttpMethod.GET, "/v1/ingest-keys", key, null).expectStatus().isForbidden();
        // a made-up key is not a token
        assertThat(send(client, "rk_" + "A".repeat(43))).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRevokedKeyIsRefusedByEveryGatewayInstance() {
        Map<String, Object> created = create(Map.of("name", "robot BDY-042"));
        String id = created.get("id").toString();
        String key = created.get("key").toString();
        WebTestClient other = secondInstance();
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> send(other, key) == HttpStatus.ACCEPTED);
        assertThat(send(client, key)).isEqualTo(HttpStatus.ACCEPTED);

        call(HttpMethod.DELETE, "/v1/ingest-keys/" + id, TestTokens.constructorAdmin(ACME), null)
                .expectStatus()
                .isNoContent();
        assertThat(send(client, key)).isEqualTo(HttpStatus.UNAUTHORIZED);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> send(other, key) == HttpStatus.UNAUTHORIZED);
        // revoking again changes nothing; the list says when
        call(HttpMethod.DELETE, "/v1/ingest-keys/" + id, TestTokens.constructorAdmin(ACME), null)
                .expectStatus()
                .isNoContent();
        call(HttpMethod.GET, "/v1/ingest-keys/" + id, TestTokens.constructorAdmin(ACME), null)
                .expectBody()
                .jsonPath("$.revoked_at")
                .isNotEmpty();
        // both changes are in the constructor's audit log, once each
        call(HttpMethod.GET, "/v1/audit?target=" + id, TestTokens.constructorAdmin(ACME), null)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[*].action")
                .value(
                        actions ->
                                assertThat((List<Object>) actions)
                                        .containsExactly(
                                                "ingest_key.revoked", "ingest_key.created"));
    }

    @Test
    void aKeyExpires() {
        Map<String, Object> created =
                create(
                        Map.of(
                                "name",
                                "short-lived",
                                "expires_at",
                                Instant.now().plusSeconds(2).toString()));
        String key = created.get("key").toString();
        assertThat(send(client, key)).isEqualTo(HttpStatus.ACCEPTED);
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> send(client, key) == HttpStatus.UNAUTHORIZED);
    }

    @Test
    void onlyAConstructorsAdminsManageKeysAndBadInputIs400() {
        call(
                        HttpMethod.POST,
                        "/v1/ingest-keys",
                        TestTokens.clientAdmin("client-alpha"),
                        Map.of("name", "x"))
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("constructor_only");
        String admin = TestTokens.constructorAdmin(ACME);
        call(HttpMethod.POST, "/v1/ingest-keys", admin, Map.of("robots", List.of("BDY-042")))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("name");
        call(
                        HttpMethod.POST,
                        "/v1/ingest-keys",
                        admin,
                        Map.of("name", "past", "expires_at", "2020-01-01T00:00:00Z"))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("expires_at");
        // another constructor's key does not exist here
        String id = create(Map.of("name", "acme's")).get("id").toString();
        String other = TestTokens.constructorAdmin("constructor-other");
        call(HttpMethod.GET, "/v1/ingest-keys/" + id, other, null).expectStatus().isNotFound();
        call(HttpMethod.DELETE, "/v1/ingest-keys/" + id, other, null).expectStatus().isNotFound();
        call(HttpMethod.GET, "/v1/ingest-keys/" + id, admin, null)
                .expectBody()
                .jsonPath("$.revoked_at")
                .doesNotExist();
    }

    static ConsumerRecord<String, String> published(String keyId) {
        return TopicReader.all(Topics.INGEST_KEYS.name()).stream()
                .filter(r -> keyId.equals(r.key()))
                .reduce((a, b) -> b)
                .orElse(null);
    }
}
