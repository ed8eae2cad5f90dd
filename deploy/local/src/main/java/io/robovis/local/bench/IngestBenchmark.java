package io.robovis.local.bench;

import io.robovis.local.simulator.Simulator;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.PGConnection;

/**
 * Ingestion through the gateway into PostgreSQL on a running local stack, with the raw baseline
 * measured in the same run: the same events written by a plain Kafka producer, and by a Postgres
 * COPY into a table shaped like the event store. Run it with {@code bench/ingest.sh}.
 */
public final class IngestBenchmark {

    private static final String EVENTS_TOPIC = "robovis.robot-events.v1"; // Topics needs Jackson
    private static final String PROJECTION_GROUP = "robot-service.projection";
    private static final String INSIGHT_GROUP = "insight-service.activity";
    // a peak of the simulated sites' day (Activity.rhythm): the most sessions, feature uses and
    // journeys
    private static final int BUSY_HOUR = 10;

    record Options(
            String url,
            String kafka,
            String jdbc,
            int robots,
            int rate,
            Duration duration,
            int inFlight,
            int batch,
            int rawEvents,
            Duration warmup,
            int warmupRate) {}

    public static void run(Map<String, String> flags) throws Exception {
        Options o =
                new Options(
                        flags.getOrDefault("url", "http://localhost:8080"),
                        flags.getOrDefault("kafka", "localhost:9092"),
                        flags.getOrDefault(
                                "jdbc", "jdbc:postgresql://localhost:5433/robovis?user=postgres"),
                        Integer.parseInt(flags.getOrDefault("robots", "1000")),
                        Integer.parseInt(flags.getOrDefault("rate", "100000")),
                        Duration.ofSeconds(Long.parseLong(flags.getOrDefault("duration", "60"))),
                        Integer.parseInt(flags.getOrDefault("in-flight", "6")),
                        Integer.parseInt(flags.getOrDefault("batch", "1000")),
                        Integer.parseInt(flags.getOrDefault("raw-events", "500000")),
                        Duration.ofSeconds(Long.parseLong(flags.getOrDefault("warmup", "60"))),
                        Integer.parseInt(
                                flags.getOrDefault(
                                        "warmup-rate", flags.getOrDefault("rate", "100000"))));
        String prefix = "BENCH" + (System.currentTimeMillis() % 100000);
        Simulator simulator =
                new Simulator(
                        new Simulator.Options(
                                o.url(),
                                o.kafka(),
                                "constructor_admin",
                                "constructor123",
                                "acme_ingest",
                                "ingest123",
                                List.of("client-alpha", "client-beta"),
                                prefix,
                                o.robots(),
                                0,
                                7,
                                0.0,
                                null),
                        System.currentTimeMillis());
        simulator.skipHistory();
        // the busiest hour of the day's rhythm, whatever the time the benchmark runs: at night the
        // fleet sends telemetry and little else
        simulator.atLocalHour(BUSY_HOUR);
        simulator.provision();
        boolean key = "key".equals(flags.getOrDefault("credential", "jwt"));
        if (key) {
            simulator.useIngestKey("constructor_admin", "constructor123");
        }
        System.out.printf(
                "Events sent with %s%n",
                key ? "an ingest key (rk_…)" : "the ingest user's token (JWT)");
        System.out.printf("Provisioned %d robots (%s-…)%n", o.robots(), prefix);

        List<String> events = simulator.generate(o.rawEvents());
        double kafkaRate = rawKafka(o, events);
        double copyRate = rawCopy(o, events, true);
        double unloggedRate = rawCopy(o, events, false);
        double raw = Math.min(kafkaRate, copyRate);
        System.out.printf(
                "Raw baseline: plain producer %,.0f events/s; COPY %,.0f rows/s; baseline (the slower) %,.0f/s%n"
                        + "  (COPY into a temporary table, without the WAL: %,.0f rows/s)%n",
                kafkaRate, copyRate, raw, unloggedRate);

        if (!o.warmup().isZero()) {
            warmUp(o, simulator);
        }
        Queue<Simulator.Batch> load = prepare(o, simulator);
        try (Connection db = DriverManager.getConnection(o.jdbc());
                Admin admin =
                        Admin.create(
                                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.kafka()))) {
            long before = storedCount(db, prefix);
            AtomicBoolean loading = new AtomicBoolean(true);
            List<Long> lags = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger probes = new AtomicInteger();
            Thread probe =
                    new Thread(
                            () -> probe(simulator, o, prefix, loading, probes, lags), "lag-probe");
            probe.start();
            long start = System.nanoTime();
            Simulator.RateReport report =
                    simulator.rate(
                            o.rate(),
                            o.duration(),
                            o.inFlight(),
                            o.batch(),
                            load,
                            line -> System.out.println("  " + line));
            loading.set(false);
            if (load.isEmpty()) {
                System.out.println(
                        "  the prepared requests ran out: the rest of the load was generated as it"
                                + " was sent");
            }
            // what each projection has left when the load ends, and how long it then takes, beside
            // the other projection: their throughput without the ingestion beside them
            CatchUp timeline = new CatchUp(PROJECTION_GROUP, admin);
            CatchUp insights = new CatchUp(INSIGHT_GROUP, admin);
            // stored: everything accepted is in the event store; the clock runs until it is.
            // Watched through the projection's committed offsets (committed only after the
            // database write): counting a table of a million rows every 200 ms took a good part
            // of the database's CPU while the projection was catching up.
            long expected = before + report.accepted() + probes.get();
            long deadline = start + o.duration().toNanos() * 10;
            long line = timeline.from + 5_000_000_000L; // the catch-up's progress every 5 s
            while (!(timeline.done() & insights.done()) /* both checked each time */
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
                if (System.nanoTime() >= line) {
                    System.out.printf(
                            "  %.0f s after the load: %,d and %,d events to project%n",
                            (line - timeline.from) / 1e9, timeline.left, insights.left);
                    line += 5_000_000_000L;
                }
            }
            probe.join();
            double seconds = (timeline.doneAt() - start) / 1e9;
            long stored = storedCount(db, prefix);
            while (stored < expected && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                stored = storedCount(db, prefix);
                seconds = (System.nanoTime() - start) / 1e9;
            }
            double storedRate = (stored - before) / seconds;
            List<Long> sorted = new ArrayList<>(lags);
            Collections.sort(sorted);
            System.out.printf(
                    "%nThrough the gateway: %,d events accepted (202) in %.1f s = %,.0f events/s; p99 request %d ms%n",
                    report.accepted(),
                    report.seconds(),
                    report.accepted() / report.seconds(),
                    report.p99RequestMs());
            System.out.printf(
                    "Refused or failed: %,d events; requests by status: %s%n",
                    report.failed(), report.failures());
            System.out.printf(
                    "Stored in PostgreSQL: %,d events in %.1f s (until the last was stored) = %,.0f events/s%n",
                    stored - before, seconds, storedRate);
            System.out.printf(
                    "Lag from 202 to visible in the timeline: %d probes (%d accepted), p50 %d ms,"
                            + " p99 %d ms, max %d ms%n",
                    sorted.size(),
                    probes.get(),
                    Simulator.percentile(sorted, 0.5),
                    Simulator.percentile(sorted, 0.99),
                    sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1));
            System.out.printf(
                    "After the load: robot-service's projection %s; insight-service's %s%n",
                    timeline, insights);
            System.out.printf("Ratio stored / raw baseline: %.2f%n", storedRate / raw);
        }
    }

    static double rawKafka(Options o, List<String> events) throws Exception {
        String topic = "robovis.bench-raw.v1";
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.kafka()))) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, 12, (short) 1))).all().get();
            }
        }
        Map<String, Object> config =
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        o.kafka(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        "lz4",
                        ProducerConfig.LINGER_MS_CONFIG,
                        5,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        262_144,
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                        StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                        ByteArraySerializer.class);
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            for (String event : events) {
                String robot =
                        event.substring(
                                event.indexOf("\"robot_id\":\"") + 12,
                                event.indexOf("\",\"ts_ms\""));
                producer.send(
                        new ProducerRecord<>(topic, robot, event.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        return events.size() / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * {@code COPY} rows/s into a table shaped like the event store: {@code logged} as the event
     * store is (written to the WAL, as durable), else a temporary table, which skips the WAL.
     */
    static double rawCopy(Options o, List<String> events, boolean logged) throws Exception {
        try (Connection db = DriverManager.getConnection(o.jdbc());
                Statement s = db.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_copy");
            s.execute(
                    "CREATE "
                            + (logged ? "" : "TEMP ")
                            + "TABLE bench_copy (LIKE robot.events INCLUDING INDEXES)");
            StringBuilder csv = new StringBuilder(events.size() * 300);
            long now = System.currentTimeMillis();
            for (String event : events) {
                String robot =
                        event.substring(
                                event.indexOf("\"robot_id\":\"") + 12,
                                event.indexOf("\",\"ts_ms\""));
                String id = event.substring(13, 49); // {"event_id":"<36 chars>"
                String type = event.substring(event.indexOf("\"type\":\"") + 8);
                type = type.substring(0, type.indexOf('"'));
                csv.append(id)
                        .append(',')
                        .append(robot)
                        .append(",constructor-acme,client-alpha,")
                        .append(now)
                        .append(',')
                        .append(now)
                        .append(',')
                        .append(type)
                        .append(",,\"")
                        .append(event.replace("\"", "\"\""))
                        .append("\"\n");
            }
            long start = System.nanoTime();
            db.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(
                            "COPY bench_copy (event_id, robot_id, constructor_id, client_id, ts_ms, received_ms, type, session_id, body) FROM STDIN WITH (FORMAT csv)",
                            new StringReader(csv.toString()));
            double rate = events.size() / ((System.nanoTime() - start) / 1e9);
            s.execute("DROP TABLE bench_copy");
            return rate;
        }
    }

    /**
     * Every 250 ms of the load, one event for one bench robot, sent without waiting for the earlier
     * ones (a probe that waited would take one sample per lag, a handful in a minute); each lag
     * runs from the probe's 202 to the moment the event store has it, looked up every 50 ms for all
     * the probes not yet seen. After the load, the probes still unseen are waited for (up to 10
     * minutes): a slow one is counted, not dropped.
     */
    static void probe(
            Simulator simulator,
            Options o,
            String prefix,
            AtomicBoolean loading,
            AtomicInteger accepted,
            List<Long> lags) {
        String token = simulator.ingestToken();
        String robot = prefix + "-001";
        Map<String, Long> unseen = new ConcurrentHashMap<>(); // event id → nanoTime of its 202
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        long interval = Duration.ofMillis(250).toNanos();
        long nextSend = System.nanoTime();
        long giveUp = Long.MAX_VALUE;
        try (Connection db = DriverManager.getConnection(o.jdbc());
                PreparedStatement find =
                        db.prepareStatement(
                                // by the events' key: the probe robot, from the load's start
                                "SELECT event_id::text FROM robot.events WHERE robot_id = ?"
                                        + " AND ts_ms >= ? AND event_id = ANY (?::uuid[])")) {
            find.setString(1, robot);
            find.setLong(2, System.currentTimeMillis() - 1000);
            while (true) {
                long now = System.nanoTime();
                if (loading.get()) {
                    if (now >= nextSend) {
                        String id = UUID.randomUUID().toString();
                        sends.add(
                                simulator
                                        .send(token, List.of(heartbeat(id, robot)))
                                        .thenAccept(
                                                status -> {
                                                    if (status == 202) {
                                                        unseen.put(id, System.nanoTime());
                                                        accepted.incrementAndGet();
                                                    }
                                                }));
                        nextSend += interval;
                    }
                } else if (giveUp == Long.MAX_VALUE) {
                    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                            .exceptionally(e -> null)
                            .join();
                    giveUp = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                } else if (unseen.isEmpty() || now > giveUp) {
                    break;
                }
                if (!unseen.isEmpty()) {
                    find.setArray(3, db.createArrayOf("text", unseen.keySet().toArray()));
                    long seenAt = System.nanoTime();
                    try (ResultSet rs = find.executeQuery()) {
                        while (rs.next()) {
                            Long acceptedAt = unseen.remove(rs.getString(1));
                            lags.add((seenAt - acceptedAt) / 1_000_000);
                        }
                    }
                }
                Thread.sleep(50);
            }
            if (!unseen.isEmpty()) {
                System.err.println(unseen.size() + " lag probes never seen in the event store");
            }
        } catch (Exception e) {
            System.err.println("lag probe stopped: " + e);
        }
    }

    private static String heartbeat(String id, String robot) {
        return "{\"event_id\":\""
                + id
                + "\",\"robot_id\":\""
                + robot
                + "\",\"ts_ms\":"
                + System.currentTimeMillis()
                + ",\"type\":\"heartbeat\"}";
    }

    /**
     * The measured load's requests, generated before it starts (at most the load's rate for its
     * duration, in half the heap), as the raw baseline's events are before it is timed. Generating
     * them as it sent them, the client took 0.15 of the two cores in the minute; sending them only,
     * 0.06 (docs/benchmarks.md, runs 89 and 92).
     */
    private static Queue<Simulator.Batch> prepare(Options o, Simulator simulator) {
        long start = System.nanoTime();
        Queue<Simulator.Batch> load =
                simulator.prepare(
                        // one batch more than the load can send: all taken means they ran out
                        (long) o.rate() * o.duration().toSeconds() + o.batch(),
                        o.batch(),
                        Runtime.getRuntime().maxMemory() / 2);
        System.out.printf(
                "Prepared the load: %,d events in %,d requests (%,d MB), generated in %.1f s%n",
                load.stream().mapToLong(Simulator.Batch::events).sum(),
                load.size(),
                load.stream().mapToLong(b -> b.body().length).sum() >> 20,
                (System.nanoTime() - start) / 1e9);
        return load;
    }

    /**
     * The same load (at {@code --warmup-rate}, by default the load's rate) for {@code --warmup}
     * seconds, not measured, then until both projections have caught up: the services start cold,
     * and for their first minute under load their JIT compilers take about a fifth of a core each
     * (robot-service: 0.17 of its 0.59 core between 25 and 55 s, 0.07 of 0.50 a minute later).
     */
    private static void warmUp(Options o, Simulator simulator) throws Exception {
        System.out.printf(
                "Warm-up: %d s of the same load (at most %,d events/s), not measured, then until both"
                        + " projections caught up%n",
                o.warmup().toSeconds(), o.warmupRate());
        Simulator.RateReport report =
                simulator.rate(o.warmupRate(), o.warmup(), o.inFlight(), o.batch(), line -> {});
        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(15).toNanos();
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.kafka()))) {
            while ((projectionBehind(admin, PROJECTION_GROUP) > 0
                            || projectionBehind(admin, INSIGHT_GROUP) > 0)
                    && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
        }
        System.out.printf(
                "  warm-up: %,d events accepted at %,.0f/s; caught up %.0f s later%n",
                report.accepted(),
                report.accepted() / report.seconds(),
                (System.nanoTime() - start) / 1e9);
    }

    /** A projection's backlog when the load ended, and when it had caught up. */
    private static final class CatchUp {
        private final String group;
        private final Admin admin;
        private final long from = System.nanoTime();
        private final long behind;
        private long left;
        private long doneAt;

        CatchUp(String group, Admin admin) throws Exception {
            this.group = group;
            this.admin = admin;
            this.behind = projectionBehind(admin, group);
            this.left = behind;
        }

        /** Whether it has caught up, checked again until it has. */
        boolean done() throws Exception {
            if (doneAt == 0) {
                left = projectionBehind(admin, group);
                if (left == 0) {
                    doneAt = System.nanoTime();
                }
            }
            return doneAt != 0;
        }

        /** When it caught up, or now if it has not. */
        long doneAt() {
            return doneAt == 0 ? System.nanoTime() : doneAt;
        }

        @Override
        public String toString() {
            double seconds = (doneAt() - from) / 1e9;
            return String.format(
                    "%,d events behind, caught up %.1f s later (%,.0f/s)",
                    behind, seconds, behind / seconds);
        }
    }

    /** Records of the events topic that the group has not yet committed. */
    static long projectionBehind(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        int partitions =
                admin.describeTopics(List.of(EVENTS_TOPIC))
                        .allTopicNames()
                        .get()
                        .get(EVENTS_TOPIC)
                        .partitions()
                        .size();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(EVENTS_TOPIC, p), OffsetSpec.latest());
            earliest.put(new TopicPartition(EVENTS_TOPIC, p), OffsetSpec.earliest());
        }
        var first = admin.listOffsets(earliest).all().get();
        long behind = 0;
        for (var end : admin.listOffsets(latest).all().get().entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            // a partition never committed is behind from its first record still kept
            long from =
                    Math.max(first.get(end.getKey()).offset(), done == null ? 0 : done.offset());
            behind += Math.max(0, end.getValue().offset() - from);
        }
        return behind;
    }

    static long storedCount(Connection db, String prefix) throws Exception {
        try (PreparedStatement s =
                db.prepareStatement("SELECT count(*) FROM robot.events WHERE robot_id LIKE ?")) {
            s.setString(1, prefix + "-%");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private IngestBenchmark() {}
}
