package io.robovis.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.robovis.common.security.JwtProperties;
import io.robovis.common.security.Role;
import io.robovis.common.security.TenantType;
import io.robovis.common.security.TokenService;
import io.robovis.common.test.TestEvents;
import io.robovis.common.test.TestInfrastructure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Sessions end: logout, disabling, a password or role change revoke the user's tokens on this
 * gateway at once and on a second instance within 60 s; a refresh past the session age fails.
 */
class SessionTests extends GatewayTestSupport {

    /** The token works on both instances now, and is refused by both (401) after {@code end}. */
    void refusedEverywhereAfter(String token, Consumer<String> end) {
        WebTestClient other = secondInstance();
        assertThat(status(client, token)).isEqualTo(HttpStatus.OK);
        assertThat(status(other, token)).isEqualTo(HttpStatus.OK);
        end.accept(token);
        assertThat(status(client, token)).isEqualTo(HttpStatus.UNAUTHORIZED);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> status(other, token) == HttpStatus.UNAUTHORIZED);
        other.get()
                .uri("/v1/tenant/settings")
                .header("Authorization", "Bearer " + token)
                .exchange()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("invalid_token")
                .jsonPath("$.detail")
                .value(detail -> assertThat(detail.toString()).contains("revoked"));
    }

    static HttpStatus status(WebTestClient client, String token) {
        return HttpStatus.valueOf(
                client.get()
                        .uri("/v1/tenant/settings")
                        .header("Authorization", "Bearer " + token)
                        .exchange()
                        .returnResult(String.class)
                        .getStatus()
                        .value());
    }

    /** A user of a fresh tenant with its own password, logged in. */
    String[] user(Onboarded tenant, String role) {
        String name = TestEvents.unique("u");
        call(
                        HttpMethod.POST,
                        "/v1/users",
                        tenant.token(),
                        Map.of("username", name, "password", FIRST_PASSWORD, "role", role))
                .expectStatus()
                .isCreated();
        String once = loginResponse(name, FIRST_PASSWORD).get("token").toString();
        changePassword(once, FIRST_PASSWORD, "a password of my own").isNoContent();
        return new String[] {name, login(name, "a password of my own")};
    }

    @Test
    void logoutRevokesThePresentedTokenOnly() {
        Onboarded tenant = onboardClient();
        String other = login(tenant.admin(), tenant.password());
        refusedEverywhereAfter(
                tenant.token(),
                token ->
                        call(HttpMethod.POST, "/v1/auth/logout", token, null)
                                .expectStatus()
                                .isNoContent());
        assertThat(status(client, other)).isEqualTo(HttpStatus.OK);
        // a revoked token cannot be refreshed either
        call(HttpMethod.POST, "/v1/auth/refresh", tenant.token(), null)
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void disablingAUserRevokesAllItsTokens() {
        Onboarded tenant = onboardClient();
        String[] user = user(tenant, "viewer");
        String another = login(user[0], "a password of my own");
        refusedEverywhereAfter(
                user[1],
                token ->
                        call(
                                        HttpMethod.PATCH,
                                        "/v1/users/" + user[0],
                                        tenant.token(),
                                        Map.of("disabled", true))
                                .expectStatus()
                                .isOk());
        assertThat(status(client, another)).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void aRoleChangeRevokesTheTokensThatCarryTheOldRole() {
        Onboarded tenant = onboardClient();
        String[] user = user(tenant, "analyst");
        refusedEverywhereAfter(
                user[1],
                token ->
                        call(
                                        HttpMethod.PATCH,
                                        "/v1/users/" + user[0],
                                        tenant.token(),
                                        Map.of("role", "viewer"))
                                .expectStatus()
                                .isOk());
        Map<String, Object> again = loginResponse(user[0], "a password of my own");
        assertThat(again.get("role")).isEqualTo("viewer");
        assertThat(status(client, again.get("token").toString())).isEqualTo(HttpStatus.OK);
    }

    @Test
    void aPasswordChangeRevokesTheUsersTokens() {
        Onboarded tenant = onboardClient();
        String[] user = user(tenant, "viewer");
        refusedEverywhereAfter(
                user[1],
                token ->
                        changePassword(token, "a password of my own", "yet another password")
                                .isNoContent());
        // and an admin's reset too
        String fresh = login(user[0], "yet another password");
        call(
                        HttpMethod.PATCH,
                        "/v1/users/" + user[0],
                        tenant.token(),
                        Map.of("password", "reset by the admin"))
                .expectStatus()
                .isOk();
        assertThat(status(client, fresh)).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void aRefreshKeepsTheLoginTimeAndEndsWithTheSessionAge() {
        Map<String, Object> login = loginResponse("client_admin", "client123");
        String first = refreshed(login.get("token"));
        assertThat(claim(first, TokenService.AUTH_TIME))
                .isEqualTo(claim(login.get("token").toString(), TokenService.AUTH_TIME));

        // a token of a session that began 8 days ago (and was refreshed since) is not renewed
        TokenService issuer =
                new TokenService(
                        new JwtProperties(
                                TestInfrastructure.JWT_SECRET, "robovis", Duration.ofHours(12)),
                        Clock.systemUTC());
        String old =
                issuer.issue(
                                "client_admin",
                                "client-alpha",
                                TenantType.CLIENT,
                                Role.ADMIN,
                                new TokenService.Session(
                                        Instant.now().minus(Duration.ofDays(8)), 0, false))
                        .token();
        assertThat(status(client, old)).isEqualTo(HttpStatus.OK);
        client.post()
                .uri("/v1/auth/refresh")
                .header("Authorization", "Bearer " + old)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("session_expired");
        // 6 days 20 hours in: renewed, with the session's login time, and only until 7 days
        Instant began =
                Instant.now()
                        .minus(Duration.ofDays(6).plusHours(20))
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String recent =
                issuer.issue(
                                "client_admin",
                                "client-alpha",
                                TenantType.CLIENT,
                                Role.ADMIN,
                                new TokenService.Session(began, 0, false))
                        .token();
        String renewed = refreshed(recent);
        assertThat(claim(renewed, TokenService.AUTH_TIME)).isEqualTo(began.getEpochSecond());
        assertThat(claim(renewed, "exp"))
                .isEqualTo(began.plus(Duration.ofDays(7)).getEpochSecond());
    }

    /** The token a refresh answers (200 expected). */
    String refreshed(Object token) {
        return client.post()
                .uri("/v1/auth/refresh")
                .header("Authorization", "Bearer " + token)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("token")
                .toString();
    }

    static Object claim(String token, String name) {
        String payload =
                new String(
                        java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                        java.nio.charset.StandardCharsets.UTF_8);
        return tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .readTree(payload)
                .get(name)
                .asLong();
    }
}
