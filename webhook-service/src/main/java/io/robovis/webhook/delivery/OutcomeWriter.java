package io.robovis.webhook.delivery;

import io.robovis.common.scheduling.PeriodicJob;
import io.robovis.webhook.delivery.DeliveryStore.Decision;
import io.robovis.webhook.delivery.DeliveryStore.WebhookHealth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Decides what each attempt means (delivered, retry later, failed; 410 and five days of failure
 * disable the webhook) and writes the outcomes in batches: a few statements per batch, not per
 * delivery. An outcome not yet written when the service dies is lost with its lease, and the
 * delivery is attempted again: at least once.
 */
@Component
class OutcomeWriter extends PeriodicJob {

    static final int BATCH = 2000;

    private final DeliveryStore store;
    private final RetrySchedule schedule;
    private final Duration disableAfter;
    private final Clock clock;
    private final ConcurrentLinkedQueue<Outcome> queue = new ConcurrentLinkedQueue<>();

    OutcomeWriter(DeliveryStore store, DeliveryProperties properties, Clock clock) {
        super(Duration.ofMillis(20), Duration.ofMillis(20));
        this.store = store;
        this.schedule = new RetrySchedule(properties.retrySchedule(), properties.maxRetryAfter());
        this.disableAfter = properties.disableAfter();
        this.clock = clock;
    }

    void add(Outcome outcome) {
        queue.add(outcome);
    }

    @Override
    protected Mono<Integer> runOnce() {
        return flushBatch()
                .expand(n -> n == BATCH ? flushBatch() : Mono.empty())
                .reduce(0, Integer::sum);
    }

    private Mono<Integer> flushBatch() {
        List<Outcome> batch = new ArrayList<>();
        for (Outcome o; batch.size() < BATCH && (o = queue.poll()) != null; ) {
            batch.add(o);
        }
        if (batch.isEmpty()) {
            return Mono.just(0);
        }
        Instant now = clock.instant();
        List<Decision> decisions = batch.stream().map(this::decide).toList();
        return store.record(decisions)
                .then(store.updateHealth(health(batch), now, now.minus(disableAfter)))
                .thenReturn(batch.size())
                .onErrorResume(
                        error -> {
                            // the database is away: keep the outcomes for the next run
                            queue.addAll(batch);
                            return Mono.error(error);
                        });
    }

    Decision decide(Outcome outcome) {
        int step = outcome.claim().retryStep();
        if (outcome.delivered()) {
            return new Decision(outcome, "delivered", null, step);
        }
        if (outcome.gone()) {
            return new Decision(outcome, "failed", null, step);
        }
        Instant next = schedule.next(step, outcome.at(), outcome.honouredRetryAfter());
        return next == null
                ? new Decision(outcome, "failed", null, step)
                : new Decision(outcome, "pending", next, step + 1);
    }

    private static List<WebhookHealth> health(List<Outcome> batch) {
        Map<String, WebhookHealth> byWebhook = new LinkedHashMap<>();
        for (Outcome o : batch) {
            String id = o.claim().webhookId();
            WebhookHealth h = byWebhook.getOrDefault(id, new WebhookHealth(id, false, null, null));
            boolean ok = h.succeeded() || o.delivered();
            Instant firstFailure =
                    o.delivered() || (h.firstFailure() != null && h.firstFailure().isBefore(o.at()))
                            ? h.firstFailure()
                            : o.at();
            String gone = o.gone() ? "the receiver answered 410 Gone" : h.goneReason();
            byWebhook.put(id, new WebhookHealth(id, ok, firstFailure, gone));
        }
        return List.copyOf(byWebhook.values());
    }
}
