package io.robovis.common.problem;

import io.robovis.common.web.RequestIds;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Writes RFC 9457 problem+json responses outside of controllers (filters, security, errors). */
public class ProblemWriter {

    private final JsonMapper json;

    public ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    public Mono<Void> write(
            ServerWebExchange exchange, HttpStatusCode status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("code", code);
        return write(exchange, problem, HttpHeaders.EMPTY);
    }

    /** Writes the problem; its {@code code} defaults from the status when missing. */
    public Mono<Void> write(
            ServerWebExchange exchange, ProblemDetail problem, HttpHeaders headers) {
        ServerHttpResponse response = exchange.getResponse();
        HttpStatusCode status = HttpStatusCode.valueOf(problem.getStatus());
        response.setStatusCode(status);
        response.getHeaders().addAll(headers);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] body = json.writeValueAsBytes(toMap(exchange, problem, status));
        response.getHeaders().setContentLength(body.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    private static Map<String, Object> toMap(
            ServerWebExchange exchange, ProblemDetail problem, HttpStatusCode status) {
        Map<String, Object> properties =
                problem.getProperties() == null ? Map.of() : problem.getProperties();
        String code = properties.get("code") instanceof String c ? c : Problems.defaultCode(status);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", Problems.typeOf(code).toString());
        body.put("title", problem.getTitle() != null ? problem.getTitle() : Problems.title(status));
        body.put("status", status.value());
        body.put(
                "detail",
                problem.getDetail() != null ? problem.getDetail() : Problems.title(status));
        body.put("instance", exchange.getRequest().getPath().value());
        body.put("code", code);
        properties.forEach(
                (name, value) -> {
                    if (!"code".equals(name)) {
                        body.put(name, value);
                    }
                });
        String requestId = RequestIds.of(exchange);
        if (requestId != null) {
            body.put("request_id", requestId);
        }
        return body;
    }
}
