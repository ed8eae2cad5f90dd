package io.robovis.local.bench;

import com.sun.net.httpserver.HttpServer;
import io.robovis.local.simulator.GatewayClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Webhook fan-out on a running local stack: platform events written to {@code
 * robovis.platform-events.v1} at a steady rate, fanned out to N local receivers (one webhook each,
 * signed), for a fixed time. Measures deliveries/s and the latency from each event's Kafka
 * timestamp to its arrival at the receiver; then again with one receiver down, reporting the others
 * (a receiver that hangs, then one that refuses connections). Run it with {@code
 * bench/webhooks.sh}.
 */
public final class WebhookBenchmark {

    record Options(String url, String kafka, int endpoints, int rate, Duration duration) {}

    public static void run(Map<String, String> flags) throws Exception {
        Options o =
                new Options(
                        flags.getOrDefault("url", "http://localhost:8080"),
                        flags.getOrDefault("kafka", "localhost:9092"),
                        Integer.parseInt(flags.getOrDefault("endpoints", "10")),
                        Integer.parseInt(flags.getOrDefault("rate", "600")),
                        Duration.ofSeconds(Long.parseLong(flags.getOrDefault("duration", "60"))));
        GatewayClient gateway = new GatewayClient(o.url());
        String token = gateway.login("constructor_admin", "constructor123");
        String tenant = "constructor-acme";
        String run = Long.toString(System.currentTimeMillis() % 1_000_000);

        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < o.endpoints(); i++) {
            Endpoint endpoint = new Endpoint(i);
            endpoints.add(endpoint);
            String body =
                    "{\"url\":\"http://127.0.0.1:"
                            + endpoint.port()
                            + "/hook\",\"events\":[\"robot.offline\"],\"secret\":\"bench-secret-"
                            + i
                            + "\"}";
            HttpResponse<String> created = gateway.postJson("/v1/webhooks", token, body);
            if (created.statusCode() != 201) {
                throw new IllegalStateException(
                        "Creating a webhook failed: "
                                + created.statusCode()
                                + " "
                                + created.body());
            }
        }
        System.out.printf(
                "%d receivers with one signed webhook each; %d events/s to %s for %d s%n",
                o.endpoints(), o.rate(), tenant, o.duration().toSeconds());

        try (KafkaProducer<String, String> producer = producer(o.kafka())) {
            // a short warm-up: connections, JIT, the first claims
            phase(
                    "warm-up",
                    producer,
                    endpoints,
                    tenant,
                    run + "w",
                    o.rate(),
                    Duration.ofSeconds(10),
                    null);
            phase("all up", producer, endpoints, tenant, run + "a", o.rate(), o.duration(), null);
            Endpoint down = endpoints.get(endpoints.size() - 1);
            // first it accepts connections and never answers (each attempt runs into the timeout),
            down.hang = true;
            phase(
                    "one hangs",
                    producer,
                    endpoints,
                    tenant,
                    run + "h",
                    o.rate(),
                    o.duration(),
                    down);
            // then it refuses connections
            down.stop();
            phase("one down", producer, endpoints, tenant, run + "d", o.rate(), o.duration(), down);
        } finally {
            endpoints.forEach(Endpoint::stop);
        }
    }

    private static void phase(
            String name,
            KafkaProducer<String, String> producer,
            List<Endpoint> endpoints,
            String tenant,
            String run,
            int rate,
            Duration duration,
            Endpoint down)
            throws InterruptedException {
        byte[] marker = ("\"BENCH-" + run + "-").getBytes(StandardCharsets.UTF_8);
        endpoints.forEach(e -> e.reset(marker));
        List<Endpoint> up = endpoints.stream().filter(e -> e != down).toList();
        long start = System.currentTimeMillis();
        long end = start + duration.toMillis();
        long sent = 0;
        while (System.currentTimeMillis() < end) {
            long due = (System.currentTimeMillis() - start) * rate / 1000;
            for (; sent < due; sent++) {
                long now = System.currentTimeMillis();
                String id = UUID.randomUUID().toString();
                String value =
                        "{\"id\":\""
                                + id
                                + "\",\"type\":\"robot.offline\",\"time\":\""
                                + java.time.Instant.ofEpochMilli(now)
                                + "\",\"tenants\":[\""
                                + tenant
                                + "\"],\"data\":{\"robot_id\":\"BENCH-"
                                + run
                                + "-"
                                + sent
                                + "\",\"kafka_ts_ms\":"
                                + now
                                + "}}";
                producer.send(
                        new ProducerRecord<>(
                                "robovis.platform-events.v1",
                                null,
                                now,
                                "BENCH-" + (sent % 1000),
                                value));
            }
            Thread.sleep(5);
        }
        producer.flush();
        long expected = sent * up.size();
        long drainDeadline = System.currentTimeMillis() + 60_000;
        while (received(up) < expected && System.currentTimeMillis() < drainDeadline) {
            Thread.sleep(50);
        }
        long last = up.stream().mapToLong(e -> e.lastArrival.get()).max().orElse(end);
        long got = received(up);
        long[] latencies = up.stream().flatMapToLong(Endpoint::latencies).sorted().toArray();
        System.out.printf(
                "%-9s events %d, deliveries %d of %d to %d receivers in %.1f s: %.0f deliveries/s;"
                        + " latency from Kafka timestamp p50 %d ms, p99 %d ms, max %d ms%n",
                name,
                sent,
                got,
                expected,
                up.size(),
                (last - start) / 1000.0,
                got * 1000.0 / Math.max(1, last - start),
                percentile(latencies, 0.50),
                percentile(latencies, 0.99),
                latencies.length == 0 ? 0 : latencies[latencies.length - 1]);
        if (down != null) {
            for (Endpoint e : up) {
                long[] own = e.latencies().sorted().toArray();
                System.out.printf(
                        "          receiver %d: %d deliveries, p99 %d ms%n",
                        e.index, own.length, percentile(own, 0.99));
            }
        }
    }

    private static long received(List<Endpoint> endpoints) {
        return endpoints.stream().mapToLong(e -> e.count.get()).sum();
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        5,
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                        StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                        StringSerializer.class));
    }

    /** A receiver: answers 204 at once and notes when each event arrived. */
    private static final class Endpoint {
        private static final byte[] MARK = "\"kafka_ts_ms\":".getBytes(StandardCharsets.UTF_8);

        final int index;
        final AtomicLong count = new AtomicLong();
        final AtomicLong lastArrival = new AtomicLong();
        private final HttpServer server;
        private final ExecutorService threads = Executors.newFixedThreadPool(24);
        private long[] latencies = new long[1 << 16];
        private volatile byte[] marker = new byte[0];
        volatile boolean hang;
        private int size;

        Endpoint(int index) throws IOException {
            this.index = index;
            server =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
            server.setExecutor(threads);
            server.createContext(
                    "/",
                    exchange -> {
                        byte[] body = exchange.getRequestBody().readAllBytes();
                        if (hang) {
                            try {
                                Thread.sleep(30_000);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            exchange.close();
                            return;
                        }
                        long now = System.currentTimeMillis();
                        long sentAt = indexOf(body, MARK, 0) < 0 ? -1 : timestamp(body);
                        if (sentAt > 0 && indexOf(body, marker, 0) >= 0) {
                            record(now - sentAt);
                            count.incrementAndGet();
                            lastArrival.accumulateAndGet(now, Math::max);
                        }
                        exchange.sendResponseHeaders(204, -1);
                        exchange.close();
                    });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        synchronized void record(long latency) {
            if (size == latencies.length) {
                latencies = Arrays.copyOf(latencies, size * 2);
            }
            latencies[size++] = latency;
        }

        synchronized java.util.stream.LongStream latencies() {
            return Arrays.stream(latencies, 0, size);
        }

        /** Counts only the events whose body holds {@code marker} (this phase's). */
        synchronized void reset(byte[] marker) {
            this.marker = marker;
            size = 0;
            count.set(0);
            lastArrival.set(0);
        }

        void stop() {
            server.stop(0);
            threads.shutdownNow();
        }

        private static long timestamp(byte[] body) {
            int at = indexOf(body, MARK, 0);
            long value = 0;
            for (int k = at + MARK.length; k < body.length && Character.isDigit(body[k]); k++) {
                value = value * 10 + (body[k] - '0');
            }
            return value;
        }

        private static int indexOf(byte[] body, byte[] part, int from) {
            outer:
            for (int i = from; i + part.length <= body.length; i++) {
                for (int j = 0; j < part.length; j++) {
                    if (body[i + j] != part[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }

    private WebhookBenchmark() {}
}
