package io.robovis.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.robovis.common.events.Topics;
import io.robovis.common.security.Role;
import io.robovis.common.security.TenantType;
import io.robovis.common.test.TestEvents;
import io.robovis.common.test.TestTokens;
import io.robovis.common.test.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A constructor onboards a client tenant with its first admin (POST/GET /v1/tenants). */
class TenantAdminTests extends GatewayTestSupport {

    static Map<String, Object> body(String tenantId, String username, String password) {
        return Map.of(
                "tenant_id",
                tenantId,
                "name",
                "Gamma Schools",
                "timezone",
                "Europe/Paris",
                "language",
                "fr",
                "admin",
                Map.of("username", username, "password", password));
    }

    WebTestClient.ResponseSpec create(String token, Map<String, Object> body) {
        return client.post()
                .uri("/v1/tenants")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> list(String token) {
        return client.get()
                .uri("/v1/tenants")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(List.class)
                .returnResult()
                .getResponseBody();
    }

    @Test
    void aConstructorAdminOnboardsAClientWhoseAdminLogsIn() {
        String ctor = login("constructor_admin", "constructor123");
        String tenant = TestEvents.unique("gamma");
        String admin = TestEvents.unique("gamma-admin");
        create(ctor, body(tenant, admin, "a long first password"))
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueEquals("Location", "/v1/tenants/" + tenant)
                .expectBody()
                .jsonPath("$.tenant.tenant_id")
                .isEqualTo(tenant)
                .jsonPath("$.tenant.type")
                .isEqualTo("client")
                .jsonPath("$.tenant.timezone")
                .isEqualTo("Europe/Paris")
                .jsonPath("$.admin.username")
                .isEqualTo(admin)
                .jsonPath("$.admin.password")
                .doesNotExist();

        assertThat(list(ctor)).extracting(t -> (Object) t.get("tenant_id")).contains(tenant);
        // the first password is one-time: the token opens the password change only
        Map<String, Object> first = loginResponse(admin, "a long first password");
        assertThat(first.get("password_change_required")).isEqualTo(true);
        String once = first.get("token").toString();
        client.get()
                .uri("/v1/tenants")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + once)
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("password_change_required");
        changePassword(once, "a long first password", "the admin's own password").isNoContent();
        Map<String, Object> second = loginResponse(admin, "the admin's own password");
        assertThat(second.get("password_change_required")).isEqualTo(false);
        String client = second.get("token").toString();
        assertThat(list(client))
                .extracting(t -> (Object) t.get("tenant_id"))
                .containsExactly(tenant);
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                TopicReader.all(Topics.TENANTS.name()).stream()
                                        .anyMatch(r -> tenant.equals(r.key())));

        // the same id or username again: 409, nothing written
        create(ctor, body(tenant, TestEvents.unique("other"), "a long first password"))
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("tenant_exists");
        String unused = TestEvents.unique("delta");
        create(ctor, body(unused, admin, "a long first password"))
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("username_taken");
        assertThat(list(ctor)).extracting(t -> (Object) t.get("tenant_id")).doesNotContain(unused);
    }

    @Test
    void aConstructorAlsoListsTheClientsThatRunItsRobots() {
        String ctor = TestEvents.unique("ctor");
        String token = TestTokens.constructorAdmin(ctor);
        assertThat(list(token)).isEmpty();
        String robot = TestEvents.unique("R");
        TopicReader.send(
                Topics.ROBOTS.name(),
                robot,
                "{\"robot_id\":\""
                        + robot
                        + "\",\"constructor_id\":\""
                        + ctor
                        + "\",\"client_id\":\"client-beta\",\"model\":\"Buddy\"}",
                Map.of());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !list(token).isEmpty());
        assertThat(list(token))
                .extracting(t -> (Object) t.get("tenant_id"))
                .containsExactly("client-beta");
        // deprovisioned: no longer served
        TopicReader.send(Topics.ROBOTS.name(), robot, null, Map.of());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> list(token).isEmpty());
    }

    @Test
    void onlyAConstructorsAdminsCreateAndBadInputIs400NamingTheField() {
        Map<String, Object> valid =
                body(TestEvents.unique("eps"), TestEvents.unique("eps-admin"), "a long password!");
        create(TestTokens.clientAdmin("client-alpha"), valid)
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("constructor_only");
        for (Role role : List.of(Role.ANALYST, Role.VIEWER, Role.INGEST)) {
            create(TestTokens.token("constructor-acme", TenantType.CONSTRUCTOR, role), valid)
                    .expectStatus()
                    .isForbidden();
        }
        String ctor = TestTokens.constructorAdmin("constructor-acme");
        create(ctor, body("Not A Slug", "someone", "a long password!"))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("tenant_id");
        create(ctor, body(TestEvents.unique("zeta"), "someone", "short"))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("admin.password");
        create(ctor, body(TestEvents.unique("zeta"), "samename-12345", "SameName-12345"))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("admin.password");
        // a client admin lists its own tenant only
        assertThat(list(TestTokens.clientAdmin("client-alpha")))
                .extracting(t -> (Object) t.get("tenant_id"))
                .containsExactly("client-alpha");
    }
}
