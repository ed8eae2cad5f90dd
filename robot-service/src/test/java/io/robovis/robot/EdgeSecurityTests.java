package io.robovis.robot;

import io.robovis.common.test.ServiceEdgeContract;
import io.robovis.common.test.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The service checks tokens itself (defense in depth), with the same code as the gateway. */
class EdgeSecurityTests extends RobotServiceTestSupport implements ServiceEdgeContract {

    @Override
    public WebTestClient client() {
        return client;
    }

    @Override
    public String protectedPath() {
        return "/v1/robots";
    }

    @Test
    void routeOfALaterIssueAnswersA501Problem() {
        client.get()
                .uri("/v1/client/fleet-health")
                .header(
                        HttpHeaders.AUTHORIZATION,
                        "Bearer " + TestTokens.clientAdmin("client-alpha"))
                .exchange()
                .expectStatus()
                .isEqualTo(501)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("not_implemented");
    }
}
