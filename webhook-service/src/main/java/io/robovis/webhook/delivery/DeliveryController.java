package io.robovis.webhook.delivery;

import io.robovis.common.problem.ProblemException;
import io.robovis.common.security.RobovisPrincipal;
import io.robovis.common.security.Role;
import io.robovis.common.web.Cursors;
import io.robovis.webhook.delivery.Leases.Lease;
import io.robovis.webhook.webhook.WebhookController;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** A webhook's delivery log, redelivery, and the test ping. */
@RestController
@RequestMapping("/v1/webhooks/{webhookId}")
class DeliveryController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    static final String PING = "webhook.test";

    private final DeliveryStore store;
    private final Dispatcher dispatcher;
    private final Leases leases;
    private final JsonMapper json;
    private final Clock clock;

    DeliveryController(
            DeliveryStore store,
            Dispatcher dispatcher,
            Leases leases,
            JsonMapper json,
            Clock clock) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.leases = leases;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping("/deliveries")
    Mono<ResponseEntity<List<DeliveryView>>> deliveries(
            @AuthenticationPrincipal RobovisPrincipal caller,
            @PathVariable String webhookId,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor,
            ServerWebExchange exchange) {
        int size = Cursors.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        if (status != null && !List.of("pending", "delivered", "failed").contains(status)) {
            throw new ProblemException(
                    HttpStatus.BAD_REQUEST,
                    "invalid_parameter",
                    "status must be one of: pending, delivered, failed.");
        }
        String after = cursor == null ? null : Cursors.decode(cursor);
        return requireWebhook(webhookId, caller)
                .thenMany(store.log(webhookId, caller.tenantId(), status, after, size + 1))
                .collectList()
                .map(page -> Cursors.page(exchange, page, size, DeliveryView::id));
    }

    @PostMapping("/deliveries/{deliveryId}/redeliver")
    Mono<ResponseEntity<DeliveryView>> redeliver(
            @AuthenticationPrincipal RobovisPrincipal caller,
            @PathVariable String webhookId,
            @PathVariable String deliveryId) {
        caller.requireRole(Role.ADMIN);
        return store.redeliver(deliveryId, webhookId, caller.tenantId(), clock.instant())
                .flatMap(
                        changed ->
                                store.find(deliveryId, webhookId, caller.tenantId())
                                        .switchIfEmpty(
                                                Mono.error(
                                                        () ->
                                                                new ProblemException(
                                                                        HttpStatus.NOT_FOUND,
                                                                        "delivery_not_found",
                                                                        "No delivery "
                                                                                + deliveryId
                                                                                + " for webhook "
                                                                                + webhookId
                                                                                + " in this tenant.")))
                                        .map(
                                                delivery -> {
                                                    if (changed == 0) {
                                                        throw new ProblemException(
                                                                HttpStatus.CONFLICT,
                                                                "delivery_in_flight",
                                                                "Delivery "
                                                                        + deliveryId
                                                                        + " is being attempted right now; its"
                                                                        + " outcome will be in the log shortly.");
                                                    }
                                                    return ResponseEntity.accepted().body(delivery);
                                                }));
    }

    /** Sends a {@code webhook.test} event to this webhook now, whatever it subscribes to. */
    @PostMapping("/test")
    Mono<ResponseEntity<Map<String, Object>>> test(
            @AuthenticationPrincipal RobovisPrincipal caller, @PathVariable String webhookId) {
        caller.requireRole(Role.ADMIN);
        Lease lease = leases.next();
        Instant now = lease.at();
        String eventId = UUID.randomUUID().toString();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", PING);
        payload.put("timestamp", now.truncatedTo(ChronoUnit.SECONDS).toString());
        payload.put("tenant_id", caller.tenantId());
        payload.put(
                "data",
                Map.of(
                        "webhook_id",
                        webhookId,
                        "message",
                        "Test delivery from RoboVis: this endpoint receives the events it subscribes to."));
        return store.ping(
                        webhookId,
                        caller.tenantId(),
                        eventId,
                        json.writeValueAsString(payload),
                        lease)
                .switchIfEmpty(Mono.error(() -> WebhookController.notFound(webhookId)))
                .map(
                        claim -> {
                            dispatcher.submit(List.of(claim));
                            Map<String, Object> body = new LinkedHashMap<>();
                            body.put("delivery_id", claim.id());
                            body.put("event", PING);
                            body.put("event_id", eventId);
                            body.put("status", "pending");
                            return ResponseEntity.accepted().body(body);
                        });
    }

    private Mono<Void> requireWebhook(String webhookId, RobovisPrincipal caller) {
        return store.webhookExists(webhookId, caller.tenantId())
                .flatMap(
                        exists ->
                                exists
                                        ? Mono.empty()
                                        : Mono.error(WebhookController.notFound(webhookId)));
    }
}
