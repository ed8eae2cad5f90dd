package io.robovis.common.security;

import io.robovis.common.events.IngestKeyRecord;
import io.robovis.common.events.RevocationRecord;
import io.robovis.common.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps this instance's {@link Revocations} and {@link IngestKeyDirectory} current: reads every
 * partition of {@code robovis.revocations.v1} and {@code robovis.ingest-keys.v1} from the beginning
 * on its own thread, without a consumer group, so that each instance of each service sees all of
 * it. The start waits (up to {@code catchUpTimeout}) until what the topics held is read, so that a
 * new instance does not serve a token revoked before it started.
 */
public class IdentityFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IdentityFeed.class);
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    private final String bootstrapServers;
    private final String clientId;
    private final Duration catchUpTimeout;
    private final Revocations revocations;
    private final IngestKeyDirectory keys;
    private final JsonMapper json;
    private final CountDownLatch caughtUp = new CountDownLatch(1);

    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public IdentityFeed(
            String bootstrapServers,
            String clientId,
            Duration catchUpTimeout,
            Revocations revocations,
            IngestKeyDirectory keys,
            JsonMapper json) {
        this.bootstrapServers = bootstrapServers;
        this.clientId = clientId;
        this.catchUpTimeout = catchUpTimeout;
        this.revocations = revocations;
        this.keys = keys;
        this.json = json;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "robovis-identity-feed");
        thread.setDaemon(true);
        thread.start();
        try {
            if (!caughtUp.await(catchUpTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn(
                        "Revocations and ingest keys not read within {}; starting anyway, the feed"
                                + " goes on in the background",
                        catchUpTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server: requests are served once the deny list is known. */
    @Override
    public int getPhase() {
        return 0;
    }

    /** Whether what the topics held at start-up has been read. */
    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> kafka = newConsumer()) {
                consumer = kafka;
                consume(kafka);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Identity feed interrupted, reconnecting: {}", e.toString());
                pause(Duration.ofSeconds(2));
            }
        }
    }

    private void consume(KafkaConsumer<String, byte[]> kafka) {
        List<TopicPartition> partitions = partitions(kafka);
        if (partitions.isEmpty()) {
            return;
        }
        kafka.assign(partitions);
        kafka.seekToBeginning(partitions);
        Map<TopicPartition, Long> startEnd = kafka.endOffsets(partitions);
        Instant nextSweep = Instant.now().plus(SWEEP_EVERY);
        while (running) {
            for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
                apply(record);
            }
            if (caughtUp.getCount() > 0
                    && startEnd.entrySet().stream()
                            .allMatch(e -> kafka.position(e.getKey()) >= e.getValue())) {
                caughtUp.countDown();
            }
            if (Instant.now().isAfter(nextSweep)) {
                revocations.sweep();
                nextSweep = Instant.now().plus(SWEEP_EVERY);
            }
        }
    }

    /** Both topics' partitions, once the topics exist (the platform creates them at start-up). */
    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> kafka) {
        while (running) {
            List<TopicPartition> partitions = new ArrayList<>();
            boolean complete = true;
            for (String topic : List.of(Topics.REVOCATIONS.name(), Topics.INGEST_KEYS.name())) {
                List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(10));
                if (infos == null || infos.isEmpty()) {
                    complete = false;
                    break;
                }
                infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            }
            if (complete) {
                return partitions;
            }
            pause(Duration.ofSeconds(1));
        }
        return List.of();
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.topic().equals(Topics.INGEST_KEYS.name())) {
                keys.apply(
                        record.key(),
                        record.value() == null
                                ? null
                                : json.readValue(record.value(), IngestKeyRecord.class));
            } else if (record.value() != null) {
                revocations.apply(json.readValue(record.value(), RevocationRecord.class));
            }
        } catch (RuntimeException e) {
            log.warn(
                    "Skipping unreadable record {} of {}: {}",
                    record.offset(),
                    record.topic(),
                    e.toString());
        }
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(
                properties, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
