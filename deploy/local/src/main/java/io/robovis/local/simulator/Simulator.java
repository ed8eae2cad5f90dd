package io.robovis.local.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A fleet simulator: provisions robots through the API, backfills their history straight to Kafka
 * (as a trusted edge producer would), and sends live activity through the API. Faults are injected
 * at seeded onsets and written to a ground-truth file.
 */
public final class Simulator {

    public static final String ROBOT_EVENTS = "robovis.robot-events.v1";
    static final int API_BATCH = 1000;

    /**
     * @param gatewayUrl the public API
     * @param kafkaBootstrap the broker, for the backfill
     * @param constructorUser a constructor admin (provisioning)
     * @param ingestUser a user with the ingest role (live events)
     * @param clients client tenants the robots are spread across
     * @param prefix robot id prefix (BDY gives BDY-001…)
     * @param robots how many robots
     * @param days days of history to backfill (0: none)
     * @param seed the seed of every random draw
     * @param faultShare share of robots with an injected fault
     * @param groundTruth where to write the faults, one JSON object per line
     */
    public record Options(
            String gatewayUrl,
            String kafkaBootstrap,
            String constructorUser,
            String constructorPassword,
            String ingestUser,
            String ingestPassword,
            List<String> clients,
            String prefix,
            int robots,
            int days,
            long seed,
            double faultShare,
            Path groundTruth) {}

    private final Options options;
    private final FleetPlan plan;
    private final List<Random> randoms = new ArrayList<>();
    private final GatewayClient gateway;
    private String ingestKey;
    private long nextMinuteMs;
    // live activity: the robot whose minute comes next, and the events that did not fit the last
    // batch
    private int nextRobot;
    private final List<String> carried = new ArrayList<>();
    // the local hour the fleet behaves as, or -1: the hour of each minute
    private int fixedHour = -1;

    public Simulator(Options options, long nowMs) {
        this.options = options;
        long end = nowMs - nowMs % 60_000;
        long start = end - options.days() * 86_400_000L;
        this.plan =
                new FleetPlan(
                        options.prefix(),
                        options.robots(),
                        options.clients(),
                        start,
                        end,
                        options.faultShare(),
                        options.seed());
        for (int i = 0; i < plan.robots.size(); i++) {
            randoms.add(new Random(options.seed() * 31 + i));
        }
        this.gateway = new GatewayClient(options.gatewayUrl());
        this.nextMinuteMs = start;
    }

    /** Starts live activity from now, without history (a restart of an existing fleet). */
    public void skipHistory() {
        nextMinuteMs = plan.endMs;
    }

    /** Provisions the fleet and writes the ground truth. */
    public void provision() {
        gateway.provision(
                gateway.login(options.constructorUser(), options.constructorPassword()),
                plan.robots);
        if (options.groundTruth() != null) {
            StringBuilder lines = new StringBuilder();
            plan.faults().forEach(f -> lines.append(f.toJson()).append('\n'));
            plan.anomalies().forEach(a -> lines.append(a.toJson()).append('\n'));
            try {
                Files.createDirectories(options.groundTruth().toAbsolutePath().getParent());
                Files.writeString(options.groundTruth(), lines.toString(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Writes the history up to now to Kafka; returns how many events. */
    public long backfill(Consumer<String> progress) {
        Map<String, Object> config =
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        options.kafkaBootstrap(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        "lz4",
                        ProducerConfig.LINGER_MS_CONFIG,
                        20,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        262_144,
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                        StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                        ByteArraySerializer.class);
        AtomicLong sent = new AtomicLong();
        long total = plan.endMs - plan.startMs;
        long lastReport = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            Activity.Sink sink =
                    (robotId, json) -> {
                        producer.send(
                                new ProducerRecord<>(
                                        ROBOT_EVENTS,
                                        robotId,
                                        json.getBytes(StandardCharsets.UTF_8)));
                        sent.incrementAndGet();
                    };
            while (nextMinuteMs < plan.endMs) {
                step(nextMinuteMs, sink);
                nextMinuteMs += 60_000;
                if (System.nanoTime() - lastReport > 2_000_000_000L) {
                    lastReport = System.nanoTime();
                    progress.accept(
                            String.format(
                                    "history: %d%% (%,d events)",
                                    100 * (nextMinuteMs - plan.startMs) / total, sent.get()));
                }
            }
            producer.flush();
        }
        return sent.get();
    }

    /**
     * Live activity through the API, in real time from where the history stopped, until {@code
     * running} says stop. Returns the events sent.
     */
    public long live(
            java.util.function.BooleanSupplier running, Duration every, Consumer<String> log) {
        String token = gateway.login(options.ingestUser(), options.ingestPassword());
        long tokenAt = System.currentTimeMillis();
        long count = 0;
        while (running.getAsBoolean()) {
            long now = System.currentTimeMillis();
            if (now - tokenAt > Duration.ofHours(6).toMillis()) {
                token = gateway.login(options.ingestUser(), options.ingestPassword());
                tokenAt = now;
            }
            List<String> batch = new ArrayList<>();
            while (nextMinuteMs + 60_000 <= now) {
                long minute = nextMinuteMs;
                InjectedAnomaly injected = liveAnomaly(minute);
                if (injected != null) {
                    log.accept("injected " + injected.toJson());
                }
                step(
                        minute,
                        (robotId, json) -> {
                            if (!napping(robotId, minute)) {
                                batch.add(json);
                            }
                        });
                nextMinuteMs += 60_000;
            }
            for (int from = 0; from < batch.size(); from += API_BATCH) {
                List<String> part = batch.subList(from, Math.min(batch.size(), from + API_BATCH));
                try {
                    HttpResponse<String> response =
                            gateway.sendEvents(token, GatewayClient.jsonArray(part)).join();
                    if (response.statusCode() != 202) {
                        log.accept(
                                "live events answered "
                                        + response.statusCode()
                                        + ": "
                                        + response.body());
                    } else {
                        count += part.size();
                    }
                } catch (RuntimeException e) {
                    log.accept("live events not sent: " + e.getMessage());
                }
            }
            GatewayClient.pause(every.toMillis());
        }
        return count;
    }

    /**
     * Sends events through the API at a target rate for a duration (load for benchmarks and live
     * demos); the events follow the same model, stamped with the current time.
     */
    public RateReport rate(
            int eventsPerSecond,
            Duration duration,
            int inFlight,
            int batchSize,
            Consumer<String> progress) {
        return rate(eventsPerSecond, duration, inFlight, batchSize, new ArrayDeque<>(), progress);
    }

    /**
     * As {@link #rate(int, Duration, int, int, Consumer)}, sending the prepared requests first
     * (taken from the queue as they are sent), then requests generated as it goes.
     */
    public RateReport rate(
            int eventsPerSecond,
            Duration duration,
            int inFlight,
            int batchSize,
            Queue<Batch> prepared,
            Consumer<String> progress) {
        String token = ingestToken();
        Semaphore slots = new Semaphore(inFlight);
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long produced = 0;
        long lastReport = start;
        List<CompletableFuture<?>> pending = new ArrayList<>();
        Map<Integer, Long> failedRequests = new ConcurrentHashMap<>();
        while (System.nanoTime() < end) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            long due = (long) (elapsed * eventsPerSecond);
            if (produced >= due) {
                GatewayClient.pause(2);
                continue;
            }
            Batch batch = prepared.isEmpty() ? nextBatch(batchSize) : prepared.poll();
            int size = batch.events();
            produced += size;
            slots.acquireUninterruptibly();
            long sentAt = System.nanoTime();
            pending.add(
                    gateway.sendEvents(token, batch.body())
                            .whenComplete(
                                    (response, error) -> {
                                        slots.release();
                                        if (error == null && response.statusCode() == 202) {
                                            accepted.addAndGet(size);
                                            latencies.add((System.nanoTime() - sentAt) / 1_000_000);
                                        } else {
                                            failed.addAndGet(size);
                                            failedRequests.merge(
                                                    error == null ? response.statusCode() : 0,
                                                    1L,
                                                    Long::sum);
                                        }
                                    }));
            if (System.nanoTime() - lastReport > 2_000_000_000L) {
                lastReport = System.nanoTime();
                progress.accept(
                        String.format(
                                "sent %,d events (%,.0f/s), %,d acknowledged, %,d failed",
                                produced,
                                produced / ((System.nanoTime() - start) / 1e9),
                                accepted.get(),
                                failed.get()));
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .exceptionally(e -> null)
                .join();
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        java.util.Collections.sort(sorted);
        long p99 = percentile(sorted, 0.99);
        return new RateReport(
                accepted.get(), failed.get(), new TreeMap<>(failedRequests), seconds, p99);
    }

    /** One request of live activity: its body (a JSON array) and how many events it holds. */
    public record Batch(byte[] body, int events) {}

    /**
     * Requests of live activity for {@code events} events, generated now and kept as bytes, for
     * {@link #rate(int, Duration, int, int, Queue, Consumer)}: a benchmark then spends its CPU on
     * sending them only, as its raw baseline sends events generated before it is timed. Stops
     * sooner when the bodies would take more than {@code maxBytes}.
     */
    public Queue<Batch> prepare(long events, int batchSize, long maxBytes) {
        Queue<Batch> batches = new ArrayDeque<>();
        long count = 0;
        long bytes = 0;
        while (count < events && bytes < maxBytes) {
            Batch batch = nextBatch(batchSize);
            batches.add(batch);
            count += batch.events();
            bytes += batch.body().length;
        }
        return batches;
    }

    /**
     * The fleet's next events of the current minute (each robot's minute in turn), at most {@code
     * batchSize}: a robot's minute is several events, and what passes the size opens the next
     * batch, so that no batch is larger than asked (the API refuses more than its maximum with a
     * 413).
     */
    private Batch nextBatch(int batchSize) {
        List<String> events = new ArrayList<>(batchSize);
        events.addAll(carried);
        carried.clear();
        long minute = System.currentTimeMillis() - 60_000;
        minute -= minute % 60_000;
        while (events.size() < batchSize) {
            int index = nextRobot++ % plan.robots.size();
            Activity.minute(
                    plan.robots.get(index),
                    minute,
                    hour(minute),
                    randoms.get(index),
                    (id, json) -> (events.size() < batchSize ? events : carried).add(json));
        }
        return new Batch(GatewayClient.jsonArray(events), events.size());
    }

    /**
     * The fleet behaves as at this local hour (0-23) whatever the time, its events keeping their
     * time: a benchmark's load is then the same mix of events at any hour it runs (the day's rhythm
     * decides how many robots are in a session, and so how many events are feature uses and journey
     * steps).
     */
    public void atLocalHour(int hour) {
        if (hour < 0 || hour > 23) {
            throw new IllegalArgumentException("An hour is 0 to 23: " + hour);
        }
        fixedHour = hour;
    }

    private int hour(long minuteMs) {
        return fixedHour >= 0 ? fixedHour : Activity.localHour(minuteMs);
    }

    /** The q-quantile (nearest rank) of sorted values; 0 when there are none. */
    public static long percentile(List<Long> sorted, double q) {
        return sorted.isEmpty()
                ? 0
                : sorted.get(
                        (int)
                                Math.min(
                                        sorted.size() - 1,
                                        Math.max(0, Math.ceil(sorted.size() * q) - 1)));
    }

    /**
     * What a rate run achieved: events acknowledged (202), events of failed requests and those
     * requests by status (0: no answer), seconds, p99 request latency.
     */
    public record RateReport(
            long accepted,
            long failed,
            Map<Integer, Long> failedRequests,
            double seconds,
            long p99RequestMs) {

        /** "none", or each status with its count of requests, e.g. "413 × 54". */
        public String failures() {
            return failedRequests.isEmpty()
                    ? "none"
                    : failedRequests.entrySet().stream()
                            .map(
                                    e ->
                                            (e.getKey() == 0 ? "no answer" : e.getKey())
                                                    + " × "
                                                    + e.getValue())
                            .collect(Collectors.joining(", "));
        }
    }

    private void step(long minuteMs, Activity.Sink sink) {
        for (int i = 0; i < plan.robots.size(); i++) {
            Activity.minute(plan.robots.get(i), minuteMs, hour(minuteMs), randoms.get(i), sink);
        }
    }

    /**
     * Gives a {@code share} of the robots one short anomaly each in their history (after its first
     * 4 days), and {@code robotId} one more a few hours before now; call before {@link
     * #provision()}, which writes them to the ground truth.
     */
    public void injectAnomalies(double share, String robotId, long seed) {
        long day = 86_400_000L;
        plan.injectAnomalies(share, plan.startMs + 4 * day, plan.endMs - day, seed);
        plan.robots.stream()
                .filter(r -> r.robotId.equals(robotId))
                .forEach(
                        r ->
                                r.anomalies.add(
                                        InjectedAnomaly.draw(
                                                r,
                                                InjectedAnomaly.ERROR_SPIKE,
                                                plan.endMs - 6 * 3_600_000L,
                                                new Random(seed))));
    }

    private List<String> liveAnomalyRobots = List.of();
    private long liveAnomalyEveryMs;
    private long nextLiveAnomalyMs;
    private int liveAnomalies;

    /**
     * Live activity only: every {@code every}, the next of {@code robotIds} (in turn) gets a short
     * overheating or error spike (on a component without a fault), from the current minute; the
     * first at once.
     */
    public void liveAnomalies(List<String> robotIds, Duration every) {
        this.liveAnomalyRobots = List.copyOf(robotIds);
        this.liveAnomalyEveryMs = every.toMillis();
    }

    /** Injects the live anomaly due at {@code minuteMs}, if one is; returns it or null. */
    private InjectedAnomaly liveAnomaly(long minuteMs) {
        if (liveAnomalyRobots.isEmpty() || minuteMs < nextLiveAnomalyMs) {
            return null;
        }
        nextLiveAnomalyMs = minuteMs + liveAnomalyEveryMs;
        String robotId = liveAnomalyRobots.get(liveAnomalies % liveAnomalyRobots.size());
        String kind =
                liveAnomalies++ % 2 == 0
                        ? InjectedAnomaly.OVERHEATING
                        : InjectedAnomaly.ERROR_SPIKE;
        for (SimRobot r : plan.robots) {
            if (r.robotId.equals(robotId)) {
                InjectedAnomaly drawn =
                        InjectedAnomaly.draw(r, kind, minuteMs, new Random(minuteMs));
                if (kind.equals(InjectedAnomaly.ERROR_SPIKE)) {
                    // on a component without a fault: one that keeps failing has an episode open
                    String component =
                            java.util.Arrays.stream(InjectedAnomaly.COMPONENTS)
                                    .filter(
                                            c ->
                                                    r.faults.stream()
                                                            .noneMatch(
                                                                    f -> c.equals(f.component())))
                                    .findFirst()
                                    .orElse("camera");
                    drawn =
                            new InjectedAnomaly(
                                    drawn.robotId(),
                                    kind,
                                    "errors:" + component,
                                    drawn.onsetMs(),
                                    drawn.endMs(),
                                    drawn.magnitude());
                }
                // short, so that the demo shows one episode start and end within the hour
                InjectedAnomaly a =
                        new InjectedAnomaly(
                                drawn.robotId(),
                                kind,
                                drawn.signal(),
                                drawn.onsetMs(),
                                drawn.onsetMs() + 20 * 60_000L,
                                drawn.magnitude());
                r.anomalies.add(a);
                return a;
            }
        }
        return null;
    }

    private String napper;
    private int napPeriodMin;
    private int napQuietMin;

    /**
     * Live activity only: {@code robotId}'s events are held back for the first {@code quietMin}
     * minutes of every {@code periodMin} (its network drops), so that it goes offline and comes
     * back online on a schedule anyone can watch.
     */
    public void napping(String robotId, int periodMin, int quietMin) {
        this.napper = robotId;
        this.napPeriodMin = periodMin;
        this.napQuietMin = quietMin;
    }

    /** The first robot of a client with no injected fault, other than {@code except}. */
    public String robotWithoutFault(String clientId, String except) {
        return plan.robots.stream()
                .filter(r -> r.clientId.equals(clientId))
                .filter(r -> r.faults.isEmpty() && !r.robotId.equals(except))
                .map(r -> r.robotId)
                .findFirst()
                .orElseThrow();
    }

    private boolean napping(String robotId, long minuteMs) {
        return robotId.equals(napper) && (minuteMs / 60_000) % napPeriodMin < napQuietMin;
    }

    /** Events of the fleet's next minutes, as JSON, for benchmarks that need them in memory. */
    public List<String> generate(int count) {
        List<String> events = new ArrayList<>(count + plan.robots.size() * 4);
        long minute = plan.endMs - 60_000L * (count / Math.max(1, plan.robots.size()) + 1);
        while (events.size() < count) {
            step(minute, (robotId, json) -> events.add(json));
            minute += 60_000;
        }
        return events.subList(0, count);
    }

    /** Sends one batch through the API and waits for the answer's status. */
    public int sendNow(String token, List<String> events) {
        return send(token, events).join();
    }

    /** Sends the events without waiting; completes with the answer's status. */
    public java.util.concurrent.CompletableFuture<Integer> send(String token, List<String> events) {
        return gateway.sendEvents(token, GatewayClient.jsonArray(events))
                .thenApply(java.net.http.HttpResponse::statusCode);
    }

    /** The credential events are sent with: the ingest key given, or the ingest user's token. */
    public String ingestToken() {
        return ingestKey != null
                ? ingestKey
                : gateway.login(options.ingestUser(), options.ingestPassword());
    }

    /** Sends events with an ingest key of the constructor rather than the ingest user's token. */
    public void useIngestKey(String adminUser, String adminPassword) {
        ingestKey =
                gateway.createIngestKey(
                        gateway.login(adminUser, adminPassword), "simulator " + options.prefix());
    }

    public List<Fault> faults() {
        return plan.faults();
    }

    public int robotCount() {
        return plan.robots.size();
    }
}
