package io.robovis.insight.insight;

import io.robovis.common.problem.ProblemException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * At most {@code robovis.insights.max-concurrent-per-tenant} analyses of one tenant at a time in
 * this instance ({@code ROBOVIS_INSIGHTS_MAX_CONCURRENT_PER_TENANT}, default 4); beyond it, 429
 * with Retry-After. Per instance, like the gateway's rate limiter: with N instances a tenant may
 * run up to N times the cap.
 */
@Component
class AnalysisLimiter {

    static final int RETRY_AFTER_S = 5;

    private final int cap;
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();

    AnalysisLimiter(@Value("${robovis.insights.max-concurrent-per-tenant:4}") int cap) {
        this.cap = cap;
    }

    /** Runs {@code analysis} within the tenant's cap, or fails with a 429 problem. */
    <T> Mono<T> limit(String tenantId, Mono<T> analysis) {
        return Mono.defer(
                () -> {
                    AtomicInteger count =
                            running.computeIfAbsent(tenantId, t -> new AtomicInteger());
                    if (count.incrementAndGet() > cap) {
                        count.decrementAndGet();
                        HttpHeaders headers = new HttpHeaders();
                        headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_S));
                        return Mono.error(
                                new ProblemException(
                                        HttpStatus.TOO_MANY_REQUESTS,
                                        "too_many_analyses",
                                        "This tenant already runs "
                                                + cap
                                                + " analyses; retry when one has finished.",
                                        Map.of("max_concurrent", cap),
                                        headers));
                    }
                    return analysis.doFinally(signal -> count.decrementAndGet());
                });
    }
}
