package io.robovis.webhook.delivery;

import io.robovis.common.scheduling.PeriodicJob;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Deletes finished deliveries older than the log's retention, a slice at a time. */
@Component
class DeliveryLogRetention extends PeriodicJob {

    static final int SLICE = 5000;

    private final DeliveryStore store;
    private final Duration retention;
    private final Clock clock;

    DeliveryLogRetention(DeliveryStore store, DeliveryProperties properties, Clock clock) {
        super(Duration.ofMinutes(1), Duration.ofMinutes(15));
        this.store = store;
        this.retention = properties.logRetention();
        this.clock = clock;
    }

    @Override
    protected Mono<Long> runOnce() {
        return purgeSlice()
                .expand(n -> n == SLICE ? purgeSlice() : Mono.empty())
                .reduce(0L, Long::sum);
    }

    private Mono<Long> purgeSlice() {
        return store.purge(clock.instant().minus(retention), SLICE);
    }
}
