package io.robovis.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.robovis.common.test.TestInfrastructure;
import io.robovis.common.test.TestTokens;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The login throttle and the per-tenant rate limit, with small limits of their own. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "robovis.login-throttle.max-failures-per-user=3",
            "robovis.login-throttle.max-failures-per-address=8",
            "robovis.rate-limit.requests-per-second=1",
            "robovis.rate-limit.burst=3"
        })
@AutoConfigureWebTestClient(timeout = "30s")
@ActiveProfiles("demo")
// the address budget is shared by the two login tests: the per-username one runs first
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LimitsTests {

    @Autowired WebTestClient client;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @Test
    @Order(1)
    void repeatedFailedLoginsForOneUsernameAre429EvenWithTheRightPassword() {
        for (int i = 0; i < 3; i++) {
            login("client_admin", "wrong-" + i).expectStatus().isUnauthorized();
        }
        login("client_admin", "client123")
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("login_throttled");
        // another user is not affected by this username's throttle
        login("beta_admin", "beta123").expectStatus().isOk();
    }

    @Test
    @Order(2)
    void repeatedFailedLoginsFromOneAddressAre429ForEveryUsername() {
        int answered401 = 0;
        for (int i = 0; i < 8; i++) {
            int status = login("nobody-" + i, "wrong").returnResult(Void.class).getStatus().value();
            if (status == 401) {
                answered401++;
            }
        }
        login("constructor_admin", "constructor123")
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER);
        assertThat(answered401).isPositive();
    }

    @Test
    void aTenantOverItsRequestBudgetGets429WithRetryAfter() {
        String token = TestTokens.constructorAdmin("constructor-rate");
        int limited = 0;
        for (int i = 0; i < 6; i++) {
            var result =
                    client.get()
                            .uri("/v1/auth/no-such")
                            .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                            .exchange()
                            .returnResult(Void.class);
            if (result.getStatus().value() == 429) {
                limited++;
                assertThat(result.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER))
                        .isNotBlank();
            }
        }
        assertThat(limited).isGreaterThanOrEqualTo(2);
        // another tenant keeps its own budget
        client.get()
                .uri("/v1/auth/no-such")
                .header(
                        HttpHeaders.AUTHORIZATION,
                        "Bearer " + TestTokens.constructorAdmin("constructor-other"))
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    private WebTestClient.ResponseSpec login(String username, String password) {
        return client.post()
                .uri("/v1/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "password", password))
                .exchange();
    }
}
