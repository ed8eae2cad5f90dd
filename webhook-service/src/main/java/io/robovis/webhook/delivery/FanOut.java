package io.robovis.webhook.delivery;

import io.robovis.common.events.CloudEventHeaders;
import io.robovis.common.events.KafkaRetry;
import io.robovis.common.events.Topics;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes {@code robovis.platform-events.v1}: for each tenant an event names, one payload
 * (serialized once, signed as is on every attempt), and one delivery per subscribed webhook of that
 * tenant, persisted before the batch's offsets are committed. The new deliveries go straight to the
 * dispatcher; a replayed event finds its deliveries already there and sends nothing twice.
 */
@Component
class FanOut {

    private static final Logger log = LoggerFactory.getLogger(FanOut.class);

    private final DeliveryStore store;
    private final Dispatcher dispatcher;
    private final Leases leases;
    private final JsonMapper json;

    FanOut(DeliveryStore store, Dispatcher dispatcher, Leases leases, JsonMapper json) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.leases = leases;
        this.json = json;
    }

    @KafkaListener(
            id = "webhook-service.fan-out",
            groupId = "${robovis.webhook.consumer-group:webhook-service.fan-out}",
            topics = "#{T(io.robovis.common.events.Topics).PLATFORM_EVENTS.name()}",
            concurrency = "${robovis.webhook.fan-out-concurrency:2}")
    Mono<Void> onEvents(List<ConsumerRecord<String, byte[]>> records) {
        return KafkaRetry.untilWritten("webhook-service.fan-out", () -> onEventsOnce(records));
    }

    private Mono<Void> onEventsOnce(List<ConsumerRecord<String, byte[]>> records) {
        List<DeliveryStore.TenantEvent> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                events.addAll(tenantEvents(record));
            } catch (RuntimeException e) {
                log.warn(
                        "Skipping unreadable record {}-{}@{}: {}",
                        Topics.PLATFORM_EVENTS.name(),
                        record.partition(),
                        record.offset(),
                        e.getMessage());
            }
        }
        if (events.isEmpty()) {
            return Mono.empty();
        }
        String[] busy = dispatcher.busyWebhooks(1);
        return store.fanOut(events, leases.next(), busy)
                .collectList()
                .doOnNext(dispatcher::submit)
                .then();
    }

    /** The event once per tenant allowed to see it, with that tenant's payload. */
    List<DeliveryStore.TenantEvent> tenantEvents(ConsumerRecord<String, byte[]> record) {
        JsonNode event = json.readTree(record.value());
        String id = text(event, "id");
        if (id == null) {
            id = CloudEventHeaders.get(record.headers(), CloudEventHeaders.ID);
        }
        String type = text(event, "type");
        String time = text(event, "time");
        if (id == null || type == null || time == null || !event.path("tenants").isArray()) {
            throw new IllegalArgumentException("an event needs id, type, time and tenants");
        }
        Instant at = Instant.parse(time);
        String timestamp = at.truncatedTo(ChronoUnit.SECONDS).toString();
        List<DeliveryStore.TenantEvent> perTenant = new ArrayList<>();
        for (JsonNode tenant : event.get("tenants")) {
            if (!tenant.isString() || tenant.asString().isBlank()) {
                continue;
            }
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("event", type);
            payload.put("timestamp", timestamp);
            payload.put("tenant_id", tenant.asString());
            payload.put("data", event.path("data").isMissingNode() ? Map.of() : event.get("data"));
            perTenant.add(
                    new DeliveryStore.TenantEvent(
                            id,
                            type,
                            tenant.asString(),
                            json.writeValueAsString(payload),
                            at.toEpochMilli()));
        }
        return perTenant;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isString() || value.asString().isBlank()
                ? null
                : value.asString();
    }
}
