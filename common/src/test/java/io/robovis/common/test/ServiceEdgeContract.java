package io.robovis.common.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.robovis.common.security.Role;
import io.robovis.common.security.TenantType;
import java.time.Duration;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What every service's edge must do: refuse token attacks with 401, a problem body and {@code
 * WWW-Authenticate: Bearer}; answer an unknown route with a 404 problem; keep its health probe
 * public. A service's test implements it with a protected route of its own.
 */
public interface ServiceEdgeContract {

    WebTestClient client();

    /** A route that needs a token. */
    String protectedPath();

    static Stream<Arguments> attacks() {
        return Stream.of(
                Arguments.of("no token", null),
                Arguments.of("garbage", "Bearer not-a-jwt"),
                Arguments.of("empty bearer", "Bearer "),
                Arguments.of("basic scheme", "Basic dXNlcjpwYXNz"),
                Arguments.of("alg none", "Bearer " + TestTokens.algNone("client-alpha")),
                Arguments.of("wrong key", "Bearer " + TestTokens.wrongKey("client-alpha")),
                Arguments.of("expired", "Bearer " + TestTokens.expired("client-alpha")),
                Arguments.of(
                        "tampered tenant",
                        "Bearer " + TestTokens.tamperedTenant("client-alpha", "client-beta")),
                Arguments.of("unknown ingest key", "Bearer rk_" + "A".repeat(43)));
    }

    @ParameterizedTest(name = "{0} is refused with 401")
    @MethodSource("io.robovis.common.test.ServiceEdgeContract#attacks")
    default void attackIsRefusedWith401(String attack, String authorization) {
        WebTestClient.RequestHeadersSpec<?> request = client().get().uri(protectedPath());
        if (authorization != null) {
            request = request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        request.exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .value(
                        HttpHeaders.WWW_AUTHENTICATE,
                        value -> assertThat(value).startsWith("Bearer"))
                .expectHeader()
                .value("X-Request-Id", id -> assertThat(id).isNotBlank())
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(401)
                .jsonPath("$.code")
                .value(code -> assertThat(code).isIn("missing_token", "invalid_token"));
    }

    private int status(String token) {
        return client().get()
                .uri(protectedPath())
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .returnResult(String.class)
                .getStatus()
                .value();
    }

    /** The service refuses, within 60 s, what robovis.revocations.v1 says is revoked. */
    @Test
    default void revokedTokensAreRefusedWithin60Seconds() {
        String subject = TestEvents.unique("revoked-user");
        String logout =
                TestTokens.session(
                        subject, "client-alpha", TenantType.CLIENT, Role.ADMIN, 0, false);
        String other =
                TestTokens.session(
                        subject, "client-alpha", TenantType.CLIENT, Role.ADMIN, 0, false);
        assertThat(status(logout)).isNotEqualTo(401);
        TestIdentity.revokeToken(logout);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> status(logout) == 401);
        assertThat(status(other)).as("only the logged-out token").isNotEqualTo(401);

        // the user's password, role or status changed: every token of an earlier epoch
        TestIdentity.revokeUser(subject, 1);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> status(other) == 401);
        String renewed =
                TestTokens.session(
                        subject, "client-alpha", TenantType.CLIENT, Role.ADMIN, 1, false);
        assertThat(status(renewed)).isNotEqualTo(401);
    }

    /** A token whose user must change an admin-set password opens nothing here. */
    @Test
    default void aPasswordChangeTokenIsRefusedWith403() {
        String token =
                TestTokens.session(
                        TestEvents.unique("new-user"),
                        "client-alpha",
                        TenantType.CLIENT,
                        Role.ADMIN,
                        0,
                        true);
        client().get()
                .uri(protectedPath())
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("password_change_required");
    }

    @Test
    default void unknownRouteIsA404Problem() {
        client().get()
                .uri("/v1/nothing-here")
                .header(
                        HttpHeaders.AUTHORIZATION,
                        "Bearer " + TestTokens.clientAdmin("client-alpha"))
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("not_found");
    }

    @Test
    default void healthProbeIsPublic() {
        client().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    }
}
