package io.robovis.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.robovis.common.security.Role;
import io.robovis.common.security.TenantType;
import io.robovis.common.test.TestInfrastructure;
import io.robovis.common.test.TestTokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The contract's webhook routes: create, list, delete, scoped to the tenant, secrets kept secret.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
class WebhookCrudTests {

    @Autowired WebTestClient client;
    @Autowired DatabaseClient db;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    /** The contract's own example body. */
    static final String SEED_BODY =
            """
            {
            "url": "https://your-server.internal/hooks/robovis",
            "events": ["insight.created", "anomaly.critical"],
            "secret": "votre_secret_hmac"
            }
            """;

    @Test
    void theContractsExampleCreatesListsAndDeletesAWebhook() {
        String admin = TestTokens.constructorAdmin("constructor-wh-1");
        Map<String, Object> created =
                create(admin, SEED_BODY)
                        .expectStatus()
                        .isCreated()
                        .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                        .returnResult()
                        .getResponseBody();
        assertThat(created)
                .containsEntry("url", "https://your-server.internal/hooks/robovis")
                .containsEntry("events", List.of("insight.created", "anomaly.critical"))
                .containsEntry("has_secret", true)
                .containsEntry("active", true)
                .doesNotContainKey("secret");
        String id = (String) created.get("id");
        assertThat(id).startsWith("wh_");

        client.get()
                .uri("/v1/webhooks")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].id")
                .isEqualTo(id)
                .jsonPath("$[0].secret")
                .doesNotExist();

        // the secret is stored encrypted
        byte[] stored =
                db.sql("SELECT secret FROM webhooks WHERE id = :id")
                        .bind("id", id)
                        .map(row -> row.get("secret", byte[].class))
                        .one()
                        .block();
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("votre_secret_hmac");

        client.delete()
                .uri("/v1/webhooks/" + id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                .exchange()
                .expectStatus()
                .isNoContent();
        assertThat(listIds(admin)).isEmpty();
        client.delete()
                .uri("/v1/webhooks/wh_abc123456")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void anotherTenantNeitherSeesNorDeletesIt() {
        String owner = TestTokens.clientAdmin("client-wh-owner");
        String other = TestTokens.clientAdmin("client-wh-other");
        create(owner, "{\"url\":\"http://receiver.internal:9000/h\",\"events\":[\"*\"]}")
                .expectStatus()
                .isCreated();
        String id = listIds(owner).get(0);
        assertThat(listIds(other)).isEmpty();
        client.delete()
                .uri("/v1/webhooks/" + id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + other)
                .exchange()
                .expectStatus()
                .isNotFound();
        assertThat(listIds(owner)).containsExactly(id);
    }

    @Test
    void onlyAdminsCreateOrDelete() {
        String viewer = TestTokens.token("client-wh-roles", TenantType.CLIENT, Role.VIEWER);
        create(viewer, SEED_BODY).expectStatus().isForbidden();
        client.get()
                .uri("/v1/webhooks")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + viewer)
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void badUrlsAndUnknownEventsAre400NamingTheField() {
        String admin = TestTokens.clientAdmin("client-wh-invalid");
        for (String body :
                List.of(
                        "{\"url\":\"ftp://files.internal/x\",\"events\":[\"*\"]}",
                        "{\"url\":\"https://user:pw@hooks.internal/x\",\"events\":[\"*\"]}",
                        "{\"url\":\"not a url\",\"events\":[\"*\"]}")) {
            create(admin, body)
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.errors[0].field")
                    .isEqualTo("url");
        }
        create(admin, "{\"url\":\"https://hooks.internal/x\",\"events\":[\"robot.exploded\"]}")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("events")
                .jsonPath("$.errors[0].message")
                .value(
                        message ->
                                assertThat((String) message)
                                        .contains("insight.created")
                                        .contains("robot.offline"));
        create(admin, "{\"url\":\"https://hooks.internal/x\"}")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("events");
        // a whsec_ secret that is not base64 could sign nothing: refused, not failed later
        create(
                        admin,
                        "{\"url\":\"https://hooks.internal/x\",\"events\":[\"*\"],"
                                + "\"secret\":\"whsec_not_base64!\"}")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("secret")
                .jsonPath("$.errors[0].message")
                .value(message -> assertThat((String) message).contains("base64"));
        assertThat(listIds(admin)).isEmpty();
    }

    @Test
    void patchChangesUrlEventsAndActiveAndANewSecretStartsARotation() {
        String admin = TestTokens.clientAdmin("client-wh-patch");
        create(admin, SEED_BODY).expectStatus().isCreated();
        String id = listIds(admin).get(0);
        byte[] firstSecret = storedSecret(id);

        client.patch()
                .uri("/v1/webhooks/" + id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(
                        Map.of(
                                "url",
                                "https://other.internal/h",
                                "events",
                                List.of("robot.offline"),
                                "active",
                                false))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.url")
                .isEqualTo("https://other.internal/h")
                .jsonPath("$.events")
                .isEqualTo(List.of("robot.offline"))
                .jsonPath("$.active")
                .isEqualTo(false)
                .jsonPath("$.secret_rotation_ends_at")
                .doesNotExist();

        client.patch()
                .uri("/v1/webhooks/" + id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("secret", "a-new-secret", "secret_grace_s", 3600))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.secret_rotation_ends_at")
                .exists()
                .jsonPath("$.has_secret")
                .isEqualTo(true);
        byte[] previous =
                db.sql("SELECT previous_secret FROM webhooks WHERE id = :id")
                        .bind("id", id)
                        .map(row -> row.get("previous_secret", byte[].class))
                        .one()
                        .block();
        assertThat(previous).isEqualTo(firstSecret);
        assertThat(storedSecret(id)).isNotEqualTo(firstSecret);

        client.get()
                .uri("/v1/webhooks/" + id)
                .header(
                        HttpHeaders.AUTHORIZATION,
                        "Bearer " + TestTokens.clientAdmin("client-wh-stranger"))
                .exchange()
                .expectStatus()
                .isNotFound();
        client.patch()
                .uri("/v1/webhooks/" + id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("events", List.of("robot.exploded")))
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    private byte[] storedSecret(String id) {
        return db.sql("SELECT secret FROM webhooks WHERE id = :id")
                .bind("id", id)
                .map(row -> row.get("secret", byte[].class))
                .one()
                .block();
    }

    private WebTestClient.ResponseSpec create(String token, String body) {
        return client.post()
                .uri("/v1/webhooks")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private List<String> listIds(String token) {
        return client
                .get()
                .uri("/v1/webhooks")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectBodyList(Map.class)
                .returnResult()
                .getResponseBody()
                .stream()
                .map(w -> (String) w.get("id"))
                .toList();
    }
}
