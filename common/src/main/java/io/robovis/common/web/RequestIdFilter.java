package io.robovis.common.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Takes {@code X-Request-Id} from the caller or creates it, passes it on (the gateway forwards it
 * to the services), returns it, and writes one access log line per request.
 */
public class RequestIdFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger("robovis.access");

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String requestId =
                RequestIds.acceptOrCreate(
                        exchange.getRequest().getHeaders().getFirst(RequestIds.HEADER));
        ServerHttpRequest request =
                exchange.getRequest()
                        .mutate()
                        .headers(headers -> headers.set(RequestIds.HEADER, requestId))
                        .build();
        ServerWebExchange withId = exchange.mutate().request(request).build();
        withId.getAttributes().put(RequestIds.ATTRIBUTE, requestId);
        // set as the answer is committed: once, even where a proxied answer brought its own copy
        withId.getResponse()
                .beforeCommit(
                        () -> {
                            withId.getResponse().getHeaders().set(RequestIds.HEADER, requestId);
                            return Mono.empty();
                        });
        long start = System.nanoTime();
        return chain.filter(withId)
                .doFinally(
                        signal -> {
                            if (log.isInfoEnabled()) {
                                log.info(
                                        "{} {} {} {}ms request_id={}",
                                        request.getMethod(),
                                        request.getPath(),
                                        withId.getResponse().getStatusCode() == null
                                                ? "-"
                                                : withId.getResponse().getStatusCode().value(),
                                        (System.nanoTime() - start) / 1_000_000,
                                        requestId);
                            }
                        });
    }
}
