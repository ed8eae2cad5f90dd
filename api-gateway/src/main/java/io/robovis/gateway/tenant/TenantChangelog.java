package io.robovis.gateway.tenant;

import io.robovis.common.events.CloudEventHeaders;
import io.robovis.common.events.Topics;
import java.time.Clock;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes tenants to the compacted {@code robovis.tenants.v1}: every change, and the whole table
 * once at start-up so that the changelog always holds every tenant.
 */
@Component
class TenantChangelog {

    private static final Logger log = LoggerFactory.getLogger(TenantChangelog.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonMapper json;
    private final Tenants tenants;
    private final Clock clock;

    TenantChangelog(
            KafkaTemplate<String, byte[]> kafka, JsonMapper json, Tenants tenants, Clock clock) {
        this.kafka = kafka;
        this.json = json;
        this.tenants = tenants;
        this.clock = clock;
    }

    Mono<Void> publish(Tenant tenant) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(
                        Topics.TENANTS.name(),
                        tenant.tenantId(),
                        json.writeValueAsBytes(tenant.toRecord()));
        CloudEventHeaders.add(
                record.headers(),
                UUID.randomUUID().toString(),
                "robovis.tenant.updated",
                "robovis/api-gateway",
                clock.instant(),
                null);
        // send() may wait for metadata when the broker is away: keep that off the event loop.
        return Mono.fromFuture(() -> kafka.send(record))
                .subscribeOn(Schedulers.boundedElastic())
                .then();
    }

    /**
     * Publishes a change that is already committed to the database. A broker outage does not fail
     * the change: the next start-up republishes every tenant.
     */
    Mono<Void> publishOrLog(Tenant tenant) {
        return publish(tenant)
                .onErrorResume(
                        error -> {
                            log.warn(
                                    "Tenant {} changed but could not be published to {}: {}",
                                    tenant.tenantId(),
                                    Topics.TENANTS.name(),
                                    error.toString());
                            return Mono.empty();
                        });
    }

    /** Publishes every tenant. */
    Mono<Long> publishAll() {
        return tenants.findAll().concatMap(this::publish).count();
    }

    @EventListener(ApplicationReadyEvent.class)
    void publishAllOnStart() {
        publishAll()
                .subscribe(
                        count ->
                                log.info(
                                        "Published {} tenants to {}", count, Topics.TENANTS.name()),
                        error ->
                                log.warn(
                                        "Could not publish tenants to {} at start-up: {}",
                                        Topics.TENANTS.name(),
                                        error.toString()));
    }
}
