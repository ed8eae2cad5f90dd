package io.robovis.insight.projection;

import io.robovis.common.events.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * How many robot events insight-service's activity projection has still to store: the work that
 * waits on a complete picture of a period (a scheduled report) waits until it is small, so that a
 * report written while the service catches up (after a stop, or the demo's backfill) does not miss
 * the end of its period.
 */
@Component
public class ProjectionLag implements DisposableBean {

    static final String GROUP = "insight-service.activity";
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Admin admin;

    ProjectionLag(KafkaAdmin kafkaAdmin) {
        this.admin = Admin.create(kafkaAdmin.getConfigurationProperties());
    }

    /** Records on the events topic after the projection's committed offsets. */
    public Mono<Long> records() {
        return Mono.fromCallable(this::lag).subscribeOn(Schedulers.boundedElastic());
    }

    private long lag() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(GROUP)
                        .partitionsToOffsetAndMetadata()
                        .get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        var partitions =
                admin
                        .describeTopics(java.util.List.of(Topics.ROBOT_EVENTS.name()))
                        .allTopicNames()
                        .get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
                        .get(Topics.ROBOT_EVENTS.name())
                        .partitions()
                        .stream()
                        .map(p -> new TopicPartition(Topics.ROBOT_EVENTS.name(), p.partition()))
                        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                admin.listOffsets(partitions)
                        .all()
                        .get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        long lag = 0;
        for (var end : ends.entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            lag += end.getValue().offset() - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    @Override
    public void destroy() {
        admin.close(Duration.ofSeconds(2));
    }
}
