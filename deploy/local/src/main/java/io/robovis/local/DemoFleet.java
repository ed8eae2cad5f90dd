package io.robovis.local;

import io.robovis.local.simulator.GatewayClient;
import io.robovis.local.simulator.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The demo's populated fleet: on first start, robots at client-alpha and client-beta with days of
 * history (BDY-042 among them, at client-alpha) and injected faults; then, on every start, a light
 * live trickle through the API so that presence changes can be seen.
 */
final class DemoFleet implements AutoCloseable {

    static final long SEED = 42;

    /** The consumer groups that store the events: robot-service's, then insight-service's. */
    static final List<String> PROJECTION_GROUPS =
            List.of("robot-service.projection", "insight-service.activity");

    /** What the demo's first insights are about, for the seed's Python and JavaScript examples. */
    static final List<String> FIRST_INSIGHTS =
            List.of("fleet_health", "predictive_maintenance", "friction_emerging_usage");

    private final AtomicBoolean running;

    /** One robot naps on a schedule, so presence changes (and their webhooks) can be watched. */
    static final int NAP_PERIOD_MIN = 12;

    static final int NAP_QUIET_MIN = 7;

    /** How often the live trickle injects an anomaly. */
    static final Duration LIVE_ANOMALY_EVERY = Duration.ofMinutes(15);

    private final Thread trickle;

    private DemoFleet(Thread trickle, AtomicBoolean running) {
        this.trickle = trickle;
        this.running = running;
    }

    static DemoFleet start(
            StackConfig.DemoSize size,
            Path data,
            String gatewayUrl,
            String kafka,
            Consumer<String> progress) {
        Path marker = data.resolve("demo-fleet.done");
        Simulator simulator =
                new Simulator(
                        new Simulator.Options(
                                gatewayUrl,
                                kafka,
                                "constructor_admin",
                                "constructor123",
                                "acme_ingest",
                                "ingest123",
                                List.of("client-alpha", "client-beta"),
                                "BDY",
                                size.robots(),
                                size.days(),
                                SEED,
                                0.25,
                                data.resolve("demo-ground-truth.jsonl")),
                        System.currentTimeMillis());
        simulator.injectAnomalies(0.25, "BDY-042", SEED);
        if (!Files.exists(marker)) {
            progress.accept(
                    "Generating the demo fleet: "
                            + size.robots()
                            + " robots, "
                            + size.days()
                            + " days of history (first start only)");
            simulator.provision();
            long events = simulator.backfill(line -> progress.accept("  " + line));
            progress.accept(String.format("  %,d events sent; storing them", events));
            for (String group : PROJECTION_GROUPS) {
                awaitProjection(kafka, group, progress);
            }
            try {
                Files.writeString(marker, "generated " + events + " events\n");
            } catch (java.io.IOException e) {
                throw new StackException("Cannot write " + marker + ": " + e.getMessage(), e);
            }
        } else {
            simulator.skipHistory();
        }
        firstInsights(gatewayUrl, progress);
        anomalyInsights(gatewayUrl);
        String napper = simulator.robotWithoutFault("client-alpha", "BDY-042");
        simulator.napping(napper, NAP_PERIOD_MIN, NAP_QUIET_MIN);
        progress.accept(
                String.format(
                        "Demo trickle: %s (client-alpha) drops off the network for %d minutes in every"
                                + " %d: robot.offline, then robot.online",
                        napper, NAP_QUIET_MIN, NAP_PERIOD_MIN));
        List<String> anomalous = List.of("BDY-042", "BDY-007", "BDY-013", "BDY-020");
        simulator.liveAnomalies(anomalous, LIVE_ANOMALY_EVERY);
        progress.accept(
                String.format(
                        "Demo trickle: every %d minutes, one of %s gets a 20-minute overheating or"
                                + " error spike (BDY-042 first): anomaly.critical",
                        LIVE_ANOMALY_EVERY.toMinutes(), String.join(", ", anomalous)));
        AtomicBoolean running = new AtomicBoolean(true);
        Thread thread =
                new Thread(
                        () -> {
                            try {
                                simulator.live(
                                        running::get,
                                        Duration.ofSeconds(10),
                                        line -> appendGroundTruth(data, line));
                            } catch (RuntimeException e) {
                                if (running.get()) {
                                    System.err.println("demo trickle stopped: " + e.getMessage());
                                }
                            }
                        },
                        "demo-trickle");
        thread.setDaemon(true);
        thread.start();
        return new DemoFleet(thread, running);
    }

    /**
     * Writes a few insights as constructor_admin when it has none yet, so that listing insights
     * shows something from the first start (the narration is the template's unless an Ollama
     * answers on its default URL).
     */
    private static void firstInsights(String gatewayUrl, Consumer<String> progress) {
        GatewayClient gateway = new GatewayClient(gatewayUrl);
        String token = gateway.login("constructor_admin", "constructor123");
        if (!gateway.get("/v1/insights?limit=1", token).body().trim().equals("[]")) {
            return;
        }
        for (String kind : FIRST_INSIGHTS) {
            var answer =
                    gateway.postJson("/v1/insights/analyze", token, "{\"kind\":\"" + kind + "\"}");
            progress.accept("  first insight " + kind + ": HTTP " + answer.statusCode());
        }
    }

    /** client-alpha asks for a robot_anomaly insight with each critical anomaly of its robots. */
    private static void anomalyInsights(String gatewayUrl) {
        GatewayClient gateway = new GatewayClient(gatewayUrl);
        String token = gateway.login("client_admin", "client123");
        gateway.patchJson("/v1/tenant/settings", token, "{\"anomaly_insights\":true}");
    }

    /** The live trickle's injected anomalies join the ground truth. */
    private static void appendGroundTruth(Path data, String line) {
        if (line.startsWith("injected ")) {
            try {
                Files.writeString(
                        data.resolve("demo-ground-truth.jsonl"),
                        line.substring("injected ".length()) + "\n",
                        java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            } catch (java.io.IOException e) {
                System.err.println("demo ground truth not written: " + e.getMessage());
            }
        }
    }

    /** Waits until the consumer group {@code group} stored everything on the events topic. */
    static void awaitProjection(String kafka, String group, Consumer<String> progress) {
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        long lastReport = 0;
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                List<TopicPartition> partitions =
                        admin
                                .describeTopics(List.of(Simulator.ROBOT_EVENTS))
                                .allTopicNames()
                                .get()
                                .get(Simulator.ROBOT_EVENTS)
                                .partitions()
                                .stream()
                                .map(p -> new TopicPartition(Simulator.ROBOT_EVENTS, p.partition()))
                                .toList();
                Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
                partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
                long lag = 0;
                for (var entry : admin.listOffsets(latest).all().get().entrySet()) {
                    OffsetAndMetadata done = committed.get(entry.getKey());
                    lag += entry.getValue().offset() - (done == null ? 0 : done.offset());
                }
                if (lag <= 0) {
                    return;
                }
                if (System.nanoTime() - lastReport > 5_000_000_000L) {
                    lastReport = System.nanoTime();
                    progress.accept(String.format("  %s: %,d events to go", group, lag));
                }
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted while storing the demo history", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new StackException(
                    "Cannot follow the demo history's storage: " + e.getMessage(), e);
        }
        throw new StackException(
                group + " did not store the demo history within 15 minutes; see the service's log");
    }

    @Override
    public void close() {
        running.set(false);
        trickle.interrupt();
    }
}
