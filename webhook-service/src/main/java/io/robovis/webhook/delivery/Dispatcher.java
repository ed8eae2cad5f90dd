package io.robovis.webhook.delivery;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.scheduler.Schedulers;

/**
 * Sends claimed deliveries, one lane per webhook: at most {@code maxConcurrencyPerEndpoint}
 * requests in flight to a webhook, so a slow or dead receiver only ever holds its own lane. A lane
 * keeps at most {@code maxQueuedPerEndpoint} deliveries in memory; what does not fit is given back
 * to the database, due, for a later claim. So is a delivery whose lease is too close to its end to
 * finish an attempt, rather than risk a second sender.
 */
@Component
class Dispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final WebhookSender sender;
    private final OutcomeWriter outcomes;
    private final DeliveryStore store;
    private final Clock clock;
    private final DeliveryProperties properties;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private volatile boolean running;

    Dispatcher(
            WebhookSender sender,
            OutcomeWriter outcomes,
            DeliveryStore store,
            Clock clock,
            DeliveryProperties properties) {
        this.sender = sender;
        this.outcomes = outcomes;
        this.store = store;
        this.clock = clock;
        this.properties = properties;
    }

    /** Queues claimed deliveries for sending. */
    void submit(Collection<Claim> claims) {
        if (!running) {
            return; // stopping: the leases run out and another instance takes them
        }
        List<Claim> overflow = new ArrayList<>();
        for (Claim claim : claims) {
            Lane lane = lanes.computeIfAbsent(claim.webhookId(), id -> new Lane());
            synchronized (lane) {
                if (lane.queue.size() < properties.maxQueuedPerEndpoint()) {
                    lane.queue.add(claim);
                } else {
                    overflow.add(claim);
                }
            }
        }
        release(overflow);
        claims.stream().map(Claim::webhookId).distinct().forEach(id -> pump(lanes.get(id)));
    }

    private void release(List<Claim> claims) {
        if (!claims.isEmpty()) {
            store.release(claims, clock.instant())
                    .subscribe(
                            null,
                            error ->
                                    log.warn(
                                            "Could not give back {} deliveries; they are due again when"
                                                    + " their lease ends: {}",
                                            claims.size(),
                                            error.toString()));
        }
    }

    /** Webhooks whose lane is too full to take more from the database now. */
    String[] busyWebhooks(int room) {
        return lanes.entrySet().stream()
                .filter(e -> e.getValue().size() + room > properties.maxQueuedPerEndpoint())
                .map(Map.Entry::getKey)
                .toArray(String[]::new);
    }

    /** Deliveries held in memory or in flight. */
    int pending() {
        return lanes.values().stream().mapToInt(Lane::size).sum();
    }

    private void pump(Lane lane) {
        while (true) {
            Claim next;
            synchronized (lane) {
                if (!running
                        || lane.inFlight >= properties.maxConcurrencyPerEndpoint()
                        || lane.queue.isEmpty()) {
                    return;
                }
                next = lane.queue.poll();
                if (!leaseLeftFor(next)) {
                    release(List.of(next));
                    continue;
                }
                lane.inFlight++;
            }
            // on another thread: signing happens there, and an attempt that ends at once (an
            // address the guard refuses) does not recurse into the next one
            sender.send(next)
                    .subscribeOn(Schedulers.parallel())
                    .subscribe(
                            outcome -> {
                                outcomes.add(outcome);
                                done(lane);
                            },
                            error -> {
                                log.warn(
                                        "Delivery {} failed unexpectedly: {}",
                                        next.id(),
                                        error.toString());
                                done(lane);
                            });
        }
    }

    private void done(Lane lane) {
        synchronized (lane) {
            lane.inFlight--;
        }
        pump(lane);
    }

    /** Enough of the lease is left for a whole attempt (with a margin for clock drift). */
    private boolean leaseLeftFor(Claim claim) {
        return clock.instant()
                .plus(properties.timeout().multipliedBy(3).dividedBy(2))
                .isBefore(claim.leaseUntil());
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        // what is queued stays claimed in the database until its lease ends
        running = false;
        lanes.values()
                .forEach(
                        lane -> {
                            synchronized (lane) {
                                lane.queue.clear();
                            }
                        });
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static final class Lane {
        final ArrayDeque<Claim> queue = new ArrayDeque<>();
        int inFlight;

        synchronized int size() {
            return queue.size() + inFlight;
        }
    }
}
