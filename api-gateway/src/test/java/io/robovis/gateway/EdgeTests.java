package io.robovis.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.robovis.common.test.ServiceEdgeContract;
import io.robovis.common.test.TestTokens;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class EdgeTests extends GatewayTestSupport {

    @Test
    void routedRequestReachesItsServiceWithTheTokenAndARequestId() {
        client.get()
                .uri("/v1/robots")
                .header(
                        HttpHeaders.AUTHORIZATION,
                        "Bearer " + TestTokens.clientAdmin("client-alpha"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .exists("X-Request-Id")
                .expectBody()
                .jsonPath("$.authorization")
                .isEqualTo(true)
                .jsonPath("$.request_id")
                .value(id -> assertThat((String) id).isNotBlank().isNotEqualTo("null"));
    }

    /** Once: the service's copy of the header does not come back beside the gateway's. */
    @Test
    void callersRequestIdIsPropagatedAndReturned() {
        client.get()
                .uri("/v1/robots")
                .header(
                        HttpHeaders.AUTHORIZATION,
                        "Bearer " + TestTokens.clientAdmin("client-alpha"))
                .header("X-Request-Id", "trace-42")
                .exchange()
                .expectHeader()
                .valueEquals("X-Request-Id", "trace-42")
                .expectBody()
                .jsonPath("$.request_id")
                .isEqualTo("trace-42");
    }

    @Test
    void unreachableServiceIs503Problem() {
        client.get()
                .uri("/v1/webhooks")
                .header(
                        HttpHeaders.AUTHORIZATION,
                        "Bearer " + TestTokens.clientAdmin("client-alpha"))
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("upstream_unavailable")
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).doesNotContain("127.0.0.1"));
    }

    @Test
    void protectedRouteWithoutTokenIs401BeforeRouting() {
        client.get()
                .uri("/v1/robots")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }

    @Test
    void demoCorsAllowsLocalhostOrigins() {
        client.options()
                .uri("/v1/auth/login")
                .header(HttpHeaders.ORIGIN, "http://localhost:3000")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://localhost:3000");
        client.options()
                .uri("/v1/auth/login")
                .header(HttpHeaders.ORIGIN, "https://evil.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    /** The attacks on a route the gateway answers itself. */
    @Nested
    class OnAGatewayRoute implements ServiceEdgeContract {
        @Override
        public WebTestClient client() {
            return client;
        }

        @Override
        public String protectedPath() {
            return "/v1/tenant/settings";
        }
    }

    /** The attacks on a routed path: refused at the edge, before the service. */
    @Nested
    class OnARoutedPath implements ServiceEdgeContract {
        @Override
        public WebTestClient client() {
            return client;
        }

        @Override
        public String protectedPath() {
            return "/v1/robots";
        }
    }
}
