package io.robovis.gateway.ratelimit;

import io.robovis.common.problem.ProblemWriter;
import io.robovis.common.security.RobovisPrincipal;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Limits each tenant's authenticated requests with a token bucket and answers 429 with {@code
 * Retry-After} beyond it. Runs after the security filter chain, so the tenant comes from a
 * validated token. In memory per gateway instance: N instances allow N times the budget.
 */
@Component
class TenantRateLimitFilter implements WebFilter {

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final RateLimitProperties properties;
    private final ProblemWriter problems;
    private final Clock clock;

    TenantRateLimitFilter(RateLimitProperties properties, ProblemWriter problems, Clock clock) {
        this.properties = properties;
        this.problems = problems;
        this.clock = clock;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!properties.enabled()) {
            return chain.filter(exchange);
        }
        // a token or an ingest key: both count against their tenant
        return exchange.getPrincipal()
                .filter(Authentication.class::isInstance)
                .map(p -> ((Authentication) p).getPrincipal())
                .ofType(RobovisPrincipal.class)
                .map(RobovisPrincipal::tenantId)
                .flatMap(
                        tenant -> {
                            long waitMs = take(tenant);
                            return waitMs == 0
                                    ? chain.filter(exchange).thenReturn(true)
                                    : reject(exchange, waitMs).thenReturn(true);
                        })
                .switchIfEmpty(Mono.defer(() -> chain.filter(exchange).thenReturn(true)))
                .then();
    }

    /** Takes one token; returns 0 when granted, else how many ms until one is available. */
    private long take(String tenant) {
        long now = clock.millis();
        Bucket bucket =
                buckets.compute(
                        tenant,
                        (k, b) -> {
                            double capacity = properties.burst();
                            double tokens =
                                    b == null
                                            ? capacity
                                            : Math.min(
                                                    capacity,
                                                    b.tokens()
                                                            + (now - b.at())
                                                                    * properties.requestsPerSecond()
                                                                    / 1000.0);
                            return new Bucket(tokens >= 1 ? tokens - 1 : tokens, now, tokens >= 1);
                        });
        if (bucket.granted()) {
            return 0;
        }
        return (long) Math.ceil((1 - bucket.tokens()) * 1000.0 / properties.requestsPerSecond());
    }

    private Mono<Void> reject(ServerWebExchange exchange, long waitMs) {
        long seconds = Math.max(1, (waitMs + 999) / 1000);
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "This tenant sends more than "
                                + properties.requestsPerSecond()
                                + " requests per second; retry after "
                                + seconds
                                + " s.");
        problem.setProperty("code", "rate_limited");
        return problems.write(exchange, problem, headers);
    }

    private record Bucket(double tokens, long at, boolean granted) {}
}
