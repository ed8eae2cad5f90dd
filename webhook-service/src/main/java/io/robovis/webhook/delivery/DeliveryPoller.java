package io.robovis.webhook.delivery;

import io.robovis.common.scheduling.PeriodicJob;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Claims what is due: retries whose time has come, redeliveries, and deliveries whose lease ran out
 * (their instance stopped, or their lane was full). Several instances poll side by side; {@code FOR
 * UPDATE SKIP LOCKED} gives each row to one of them.
 */
@Component
class DeliveryPoller extends PeriodicJob {

    static final int CLAIM_LIMIT = 2000;

    private final DeliveryStore store;
    private final Dispatcher dispatcher;
    private final DeliveryProperties properties;
    private final Leases leases;

    DeliveryPoller(
            DeliveryStore store,
            Dispatcher dispatcher,
            DeliveryProperties properties,
            Leases leases) {
        super(properties.pollInterval(), properties.pollInterval());
        this.store = store;
        this.dispatcher = dispatcher;
        this.properties = properties;
        this.leases = leases;
    }

    @Override
    protected Mono<Integer> runOnce() {
        if (!dispatcher.isRunning()) {
            return Mono.just(0);
        }
        int perEndpoint = properties.maxConcurrencyPerEndpoint() * 4;
        return store.claimDue(
                        leases.next(),
                        dispatcher.busyWebhooks(perEndpoint),
                        perEndpoint,
                        CLAIM_LIMIT)
                .collectList()
                .doOnNext(dispatcher::submit)
                .map(java.util.List::size);
    }
}
