package io.robovis.robot.ingest;

import io.robovis.common.events.CloudEventHeaders;
import io.robovis.common.events.EventReader;
import io.robovis.common.events.RobotEvent;
import io.robovis.common.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

/** Writes accepted events to {@code robovis.robot-events.v1}, keyed by robot id, acks=all. */
@Component
public class RobotEventPublisher {

    private static final Logger log = LoggerFactory.getLogger(RobotEventPublisher.class);

    /** When the platform received the event (epoch ms), for presence; see EventProjection. */
    public static final String RECEIVED_MS = CloudEventHeaders.RECEIVED_MS;

    private static final byte[] SOURCE = CloudEventHeaders.bytes("robovis/robot-service/ingest");

    /** ce_type of each event type, as bytes: the same few for every record. */
    private static final Map<String, byte[]> TYPES =
            EventReader.TYPES.stream()
                    .collect(
                            Collectors.toUnmodifiableMap(
                                    type -> type,
                                    type ->
                                            CloudEventHeaders.bytes(
                                                    "robovis.robot-event." + type)));

    private final KafkaTemplate<String, byte[]> kafka;
    private final Clock clock;

    RobotEventPublisher(KafkaTemplate<String, byte[]> kafka, Clock clock) {
        this.kafka = kafka;
        this.clock = clock;
    }

    /**
     * Completes when the broker acknowledged every event, or fails with the first error. The
     * producer's own callbacks count the acknowledgements: a future per record and their {@code
     * allOf} (what {@link KafkaTemplate#send} gives) were 4 % of the service's CPU under load.
     */
    Mono<Void> publish(List<RobotEvent> events) {
        if (events.isEmpty()) {
            return Mono.empty();
        }
        // send() can wait for metadata when the broker is away: keep it off the event loop.
        return Mono.<Void>create(
                        sink -> {
                            Acks acks = new Acks(events.size(), sink);
                            sink.onCancel(acks::abandon); // timed out: later errors are moot
                            byte[] received =
                                    String.valueOf(clock.millis()).getBytes(StandardCharsets.UTF_8);
                            try {
                                kafka.execute(
                                        producer -> {
                                            for (RobotEvent event : events) {
                                                if (acks.failed()) {
                                                    break; // the request fails whole: stop sending
                                                }
                                                ProducerRecord<String, byte[]> record =
                                                        record(event);
                                                record.headers().add(RECEIVED_MS, received);
                                                producer.send(record, acks);
                                            }
                                            return null;
                                        });
                            } catch (RuntimeException e) {
                                acks.onCompletion(null, e);
                            }
                        })
                .subscribeOn(Schedulers.boundedElastic())
                // the answer is not built on the producer's network thread
                .publishOn(Schedulers.parallel());
    }

    /** Succeeds the sink at the last acknowledgement; fails it once, at the first error. */
    private static final class Acks implements Callback {

        private final AtomicInteger pending;
        private final AtomicBoolean failed = new AtomicBoolean();
        private final MonoSink<Void> sink;

        Acks(int records, MonoSink<Void> sink) {
            this.pending = new AtomicInteger(records);
            this.sink = sink;
        }

        void abandon() {
            failed.set(true);
        }

        boolean failed() {
            return failed.get();
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            if (error != null) {
                if (failed.compareAndSet(false, true)) {
                    log.warn("Kafka did not acknowledge an ingested batch: {}", error.toString());
                    sink.error(error);
                }
            } else if (pending.decrementAndGet() == 0 && !failed.get()) {
                sink.success();
            }
        }
    }

    private ProducerRecord<String, byte[]> record(RobotEvent event) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(Topics.ROBOT_EVENTS.name(), event.robotId(), event.json());
        CloudEventHeaders.add(
                record.headers(),
                event.eventId(),
                TYPES.get(event.type()),
                SOURCE,
                Instant.ofEpochMilli(event.tsMs()),
                event.robotId());
        return record;
    }
}
