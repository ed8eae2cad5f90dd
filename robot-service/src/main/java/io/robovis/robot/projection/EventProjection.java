package io.robovis.robot.projection;

import io.robovis.common.events.CloudEventHeaders;
import io.robovis.common.events.EventReader;
import io.robovis.common.events.EventReader.Read;
import io.robovis.common.events.EventReader.Rejection;
import io.robovis.common.events.KafkaRetry;
import io.robovis.common.events.ProjectionListener;
import io.robovis.common.events.RobotEvent;
import io.robovis.common.events.Topics;
import io.robovis.robot.robot.RobotRepository;
import io.robovis.robot.robot.RobotTenancy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Consumes {@code robovis.robot-events.v1} in batches into the event store. Offsets are committed
 * only once the batch is in the database and every invalid record is on {@code
 * robovis.robot-events.rejected.v1} (unchanged, with its reason in headers): nothing is dropped,
 * and a bad record never blocks its partition.
 */
@Component
class EventProjection {

    static final String REJECT_CODE = "robovis_reject_code";
    static final String REJECT_DETAIL = "robovis_reject_detail";

    private final EventReader reader;
    private final RobotRepository robots;
    private final EventStore store;
    private final KafkaTemplate<String, byte[]> kafka;
    private final Clock clock;

    EventProjection(
            EventReader reader,
            RobotRepository robots,
            EventStore store,
            KafkaTemplate<String, byte[]> kafka,
            Clock clock) {
        this.reader = reader;
        this.robots = robots;
        this.store = store;
        this.kafka = kafka;
        this.clock = clock;
    }

    @KafkaListener(
            id = "robot-service.projection",
            topics = ProjectionListener.TOPIC,
            concurrency = ProjectionListener.CONCURRENCY,
            properties = {
                ProjectionListener.FETCH_MIN_BYTES,
                ProjectionListener.FETCH_MAX_WAIT,
                ProjectionListener.MAX_POLL_RECORDS,
                ProjectionListener.MAX_PARTITION_FETCH_BYTES
            })
    Mono<Void> onEvents(List<ConsumerRecord<String, byte[]>> records) {
        return KafkaRetry.untilWritten("robot-service.projection", () -> onEventsOnce(records));
    }

    private Mono<Void> onEventsOnce(List<ConsumerRecord<String, byte[]>> records) {
        long now = clock.millis();
        List<ConsumerRecord<String, byte[]>> rejected = new ArrayList<>();
        List<Rejection> reasons = new ArrayList<>();
        List<RobotEvent> events = new ArrayList<>(records.size());
        List<Long> arrivals = new ArrayList<>(records.size());
        Set<String> robotIds = new LinkedHashSet<>();
        List<ConsumerRecord<String, byte[]>> sources = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            Read read = reader.read(record.value());
            if (read.rejection() != null) {
                rejected.add(record);
                reasons.add(read.rejection());
                continue;
            }
            events.add(read.event());
            // when the platform received it; presence uses min(ts_ms, arrival)
            arrivals.add(CloudEventHeaders.receivedMs(record.headers(), now));
            sources.add(record);
            robotIds.add(read.event().robotId());
        }
        if (events.isEmpty()) {
            return reject(rejected, reasons);
        }
        return robots.tenancy(robotIds)
                .flatMap(
                        tenancy -> {
                            List<EventStore.Arrived> batch = new ArrayList<>(events.size());
                            for (int i = 0; i < events.size(); i++) {
                                RobotTenancy robot = tenancy.get(events.get(i).robotId());
                                if (robot == null || robot.deprovisioned()) {
                                    rejected.add(sources.get(i));
                                    reasons.add(
                                            robot == null
                                                    ? new Rejection(
                                                            "unknown_robot",
                                                            "no robot with this robot_id is provisioned")
                                                    : new Rejection(
                                                            "robot_deprovisioned",
                                                            "this robot was deprovisioned"));
                                } else {
                                    batch.add(
                                            new EventStore.Arrived(
                                                    events.get(i), robot, arrivals.get(i)));
                                }
                            }
                            return Mono.when(store.store(batch), reject(rejected, reasons));
                        });
    }

    /** Forwards invalid records unchanged, with their original headers and the reason added. */
    private Mono<Void> reject(
            List<ConsumerRecord<String, byte[]>> records, List<Rejection> reasons) {
        if (records.isEmpty()) {
            return Mono.empty();
        }
        return Mono.fromFuture(
                        () -> {
                            CompletableFuture<?>[] acks = new CompletableFuture<?>[records.size()];
                            for (int i = 0; i < acks.length; i++) {
                                ConsumerRecord<String, byte[]> source = records.get(i);
                                ProducerRecord<String, byte[]> copy =
                                        new ProducerRecord<>(
                                                Topics.ROBOT_EVENTS_REJECTED.name(),
                                                null,
                                                source.timestamp() > 0 ? source.timestamp() : null,
                                                source.key(),
                                                source.value(),
                                                new RecordHeaders(source.headers().toArray()));
                                copy.headers().remove(REJECT_CODE).remove(REJECT_DETAIL);
                                copy.headers()
                                        .add(
                                                REJECT_CODE,
                                                reasons.get(i)
                                                        .code()
                                                        .getBytes(StandardCharsets.UTF_8))
                                        .add(
                                                REJECT_DETAIL,
                                                reasons.get(i)
                                                        .detail()
                                                        .getBytes(StandardCharsets.UTF_8))
                                        .add(
                                                "robovis_source",
                                                (source.topic()
                                                                + "/"
                                                                + source.partition()
                                                                + "@"
                                                                + source.offset())
                                                        .getBytes(StandardCharsets.UTF_8));
                                acks[i] = kafka.send(copy);
                            }
                            return CompletableFuture.allOf(acks);
                        })
                .subscribeOn(Schedulers.boundedElastic())
                .then();
    }
}
