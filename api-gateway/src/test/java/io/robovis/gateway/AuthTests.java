package io.robovis.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.robovis.common.test.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AuthTests extends GatewayTestSupport {

    @Autowired JsonMapper json;

    @Test
    void loginAnswersTheContractFieldsWithAnHs256TokenOf12Hours() {
        Map<String, Object> body =
                client.post()
                        .uri("/v1/auth/login")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(
                                "{\"username\":\"constructor_admin\",\"password\":\"constructor123\"}")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                        .returnResult()
                        .getResponseBody();
        assertThat(body)
                .containsEntry("tenant_id", "constructor-acme")
                .containsEntry("tenant_type", "constructor")
                .containsEntry("role", "admin");
        String token = (String) body.get("token");
        assertThat(token).startsWith("eyJ");

        JsonNode header = part(token, 0);
        JsonNode claims = part(token, 1);
        assertThat(header.get("alg").asString()).isEqualTo("HS256");
        assertThat(claims.get("sub").asString()).isEqualTo("constructor_admin");
        assertThat(claims.get("tenant_id").asString()).isEqualTo("constructor-acme");
        assertThat(claims.get("tenant_type").asString()).isEqualTo("constructor");
        assertThat(claims.get("role").asString()).isEqualTo("admin");
        assertThat(claims.get("iss").asString()).isEqualTo("robovis");
        assertThat(claims.get("jti").asString()).isNotBlank();
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong())
                .isEqualTo(Duration.ofHours(12).toSeconds());
    }

    @Test
    void wrongUsernameAndWrongPasswordGiveTheSame401() {
        Map<?, ?> wrongPassword = failedLogin("client_admin", "not-the-password");
        Map<?, ?> wrongUser = failedLogin("nobody_here", "client123");
        for (String field : new String[] {"type", "title", "status", "detail", "code"}) {
            assertThat(wrongUser.get(field)).isEqualTo(wrongPassword.get(field));
        }
        assertThat(wrongUser.get("code")).isEqualTo("invalid_credentials");
    }

    @Test
    void refreshWithAValidTokenReturnsANewToken() {
        String token = login("client_admin", "client123");
        Map<?, ?> body =
                client.post()
                        .uri("/v1/auth/refresh")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(Map.class)
                        .returnResult()
                        .getResponseBody();
        String refreshed = (String) body.get("token");
        assertThat(refreshed).startsWith("eyJ").isNotEqualTo(token);
        JsonNode claims = part(refreshed, 1);
        assertThat(claims.get("tenant_id").asString()).isEqualTo("client-alpha");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong())
                .isEqualTo(Duration.ofHours(12).toSeconds());
    }

    @Test
    void refreshWithAnExpiredTokenIs401() {
        client.post()
                .uri("/v1/auth/refresh")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.expired("client-alpha"))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void refreshOfAUserThatDoesNotExistIs401() {
        client.post()
                .uri("/v1/auth/refresh")
                .header(
                        HttpHeaders.AUTHORIZATION,
                        "Bearer " + TestTokens.clientAdmin("client-alpha"))
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void missingFieldsAre400ListingEachField() {
        client.post()
                .uri("/v1/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("validation_failed")
                .jsonPath("$.errors[?(@.field == 'username')]")
                .exists()
                .jsonPath("$.errors[?(@.field == 'password')]")
                .exists();
    }

    @Test
    void malformedJsonIs400() {
        client.post()
                .uri("/v1/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"username\": ")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("malformed_body");
    }

    @Test
    void wrongContentTypeIs415() {
        client.post()
                .uri("/v1/auth/login")
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue("username=constructor_admin")
                .exchange()
                .expectStatus()
                .isEqualTo(415)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("unsupported_media_type");
    }

    @Test
    void oversizeBodyIs413() {
        String huge = "x".repeat(300 * 1024);
        client.post()
                .uri("/v1/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"username\":\"" + huge + "\",\"password\":\"p\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("payload_too_large");
    }

    @Test
    void wrongMethodIs405() {
        client.get()
                .uri("/v1/auth/login")
                .exchange()
                .expectStatus()
                .isEqualTo(405)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("method_not_allowed");
    }

    private Map<?, ?> failedLogin(String username, String password) {
        return client.post()
                .uri("/v1/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "password", password))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    private JsonNode part(String token, int index) {
        return json.readTree(
                new String(
                        Base64.getUrlDecoder().decode(token.split("\\.")[index]),
                        StandardCharsets.UTF_8));
    }
}
