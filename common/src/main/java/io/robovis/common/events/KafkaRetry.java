package io.robovis.common.events;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * How a batch listener that returns a {@link Mono} keeps its promise that offsets move only once
 * the batch is written: Spring Kafka acknowledges a batch whose Mono fails (the container's error
 * handler never sees it), so the write is retried here, with backoff, until it succeeds. The
 * container commits offsets in order, so while a batch retries, no later offset is committed; a
 * crash meanwhile redelivers from the failed batch, and every listener writes idempotently.
 */
public final class KafkaRetry {

    private static final Logger log = LoggerFactory.getLogger(KafkaRetry.class);

    /**
     * @param listener the listener's id, for the log
     * @param batch builds the batch's work; called again for each attempt
     */
    public static Mono<Void> untilWritten(String listener, Supplier<Mono<Void>> batch) {
        return Mono.defer(batch)
                .retryWhen(
                        Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
                                .maxBackoff(Duration.ofSeconds(30))
                                .doBeforeRetry(
                                        signal ->
                                                log.warn(
                                                        "{}: batch not written ({}); attempt {} follows",
                                                        listener,
                                                        signal.failure().toString(),
                                                        signal.totalRetries() + 2)));
    }

    private KafkaRetry() {}
}
