package io.robovis.robot.ingest;

import io.robovis.common.events.CloudEventHeaders;
import io.robovis.common.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/** Writes accepted events to {@code robovis.robot-events.v1}, keyed by robot id, acks=all. */
@Component
public class RobotEventPublisher {

    /** When the platform received the event (epoch ms), for presence; see EventProjection. */
    public static final String RECEIVED_MS = CloudEventHeaders.RECEIVED_MS;

    private final KafkaTemplate<String, byte[]> kafka;
    private final Clock clock;

    RobotEventPublisher(KafkaTemplate<String, byte[]> kafka, Clock clock) {
        this.kafka = kafka;
        this.clock = clock;
    }

    /** Completes when the broker acknowledged every event. */
    Mono<Void> publish(List<RawEvent> events) {
        if (events.isEmpty()) {
            return Mono.empty();
        }
        // send() can wait for metadata when the broker is away: keep it off the event loop.
        return Mono.fromFuture(
                        () -> {
                            byte[] received =
                                    String.valueOf(clock.millis()).getBytes(StandardCharsets.UTF_8);
                            CompletableFuture<?>[] acks = new CompletableFuture<?>[events.size()];
                            for (int i = 0; i < acks.length; i++) {
                                ProducerRecord<String, byte[]> record = record(events.get(i));
                                record.headers().add(RECEIVED_MS, received);
                                acks[i] = kafka.send(record);
                            }
                            return CompletableFuture.allOf(acks);
                        })
                .subscribeOn(Schedulers.boundedElastic())
                .then();
    }

    private ProducerRecord<String, byte[]> record(RawEvent raw) {
        JsonNode event = raw.node();
        String robotId = event.get("robot_id").asString();
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(Topics.ROBOT_EVENTS.name(), robotId, raw.bytes());
        CloudEventHeaders.add(
                record.headers(),
                event.get("event_id").asString(),
                "robovis.robot-event." + event.get("type").asString(),
                "robovis/robot-service/ingest",
                Instant.ofEpochMilli(event.get("ts_ms").asLong()),
                robotId);
        return record;
    }
}
