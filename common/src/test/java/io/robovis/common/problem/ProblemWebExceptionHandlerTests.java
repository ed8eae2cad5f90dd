package io.robovis.common.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import tools.jackson.databind.json.JsonMapper;

class ProblemWebExceptionHandlerTests {

    private final ProblemWebExceptionHandler handler =
            new ProblemWebExceptionHandler(new ProblemWriter(JsonMapper.builder().build()));

    /** What Spring's R2DBC support throws when the pool hands out no connection in time. */
    @Test
    void noDatabaseConnectionInTimeIsA503TheCallerMayRetry() {
        MockServerWebExchange exchange =
                MockServerWebExchange.from(MockServerHttpRequest.get("/v1/robots"));

        handler.handle(
                        exchange,
                        new DataAccessResourceFailureException(
                                "Failed to obtain R2DBC Connection",
                                new TimeoutException("Pool#acquire(Duration) has been pending")))
                .block();

        assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(503);
        assertThat(exchange.getResponse().getHeaders().getContentType())
                .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER))
                .isEqualTo("5");
        assertThat(exchange.getResponse().getBodyAsString().block())
                .contains("\"code\":\"database_unavailable\"")
                .doesNotContain("Pool#acquire");
    }
}
