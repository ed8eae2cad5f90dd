package io.robovis.local;

import io.robovis.local.simulator.Simulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ./robovis up} and {@code ./robovis simulate}. The wrapper script {@code ./robovis} builds
 * the jars when they are missing and prints the help.
 */
public final class Robovis {

    public static void main(String[] args) {
        if (args.length == 0) {
            fail("No command (see ./robovis --help)");
        }
        Map<String, String> flags = flags(Arrays.copyOfRange(args, 1, args.length));
        switch (args[0]) {
            case "up" -> up(flags);
            case "simulate" -> simulate(flags);
            case "bench-ingest" -> benchIngest(flags);
            case "bench-webhooks" -> benchWebhooks(flags);
            case "bench-health" -> benchHealth(flags);
            case "bench-insights" -> benchInsights(flags);
            case "receive-webhooks" -> receiveWebhooks(flags);
            case "eval-health" -> evaluateHealth(flags);
            case "eval-anomalies" -> evaluateAnomalies(flags);
            default -> fail("Unknown command: " + args[0] + " (see ./robovis --help)");
        }
    }

    static void up(Map<String, String> flags) {
        allow(flags, "home", "data", "fresh", "no-demo", "production");
        boolean production = flags.containsKey("production");
        Path home = Path.of(flags.getOrDefault("home", "."));
        StackConfig config =
                new StackConfig(
                        home,
                        flags.containsKey("data")
                                ? Path.of(flags.get("data"))
                                : home.resolve(".robovis"),
                        StackPorts.defaults(),
                        flags.containsKey("fresh"),
                        flags.containsKey("no-demo") || production
                                ? null
                                : StackConfig.DemoSize.DEFAULT,
                        production);
        if (production && System.getenv("ROBOVIS_BOOTSTRAP_ADMIN") == null) {
            System.out.println(
                    "  --production: no demo users; without ROBOVIS_BOOTSTRAP_TENANT, _ADMIN and"
                            + " _PASSWORD nobody can log in (docs/operations.md)");
        }
        long start = System.nanoTime();
        CountDownLatch stopped = new CountDownLatch(1);
        LocalStack stack;
        try {
            stack = LocalStack.start(config, line -> System.out.println("  " + line));
        } catch (StackException e) {
            System.err.println("robovis: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    System.out.println("\nStopping RoboVis…");
                                    stack.close();
                                    System.out.println("Stopped.");
                                    stopped.countDown();
                                }));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String users =
                production
                        ? """
                          No demo users (--production): log in as ROBOVIS_BOOTSTRAP_ADMIN
                          (docs/operations.md).
                        """
                        : """
                          Demo users (username / password):
                            constructor_admin / constructor123   constructor-acme, admin
                            client_admin      / client123        client-alpha, admin
                            beta_admin        / beta123          client-beta, admin
                            acme_ingest       / ingest123        constructor-acme, ingest
                          Try: curl -X POST %s/v1/auth/login -H "Content-Type: application/json" \\
                                 -d '{"username":"constructor_admin","password":"constructor123"}'
                        """
                                .formatted(stack.gatewayUrl());
        System.out.printf(
                """

                RoboVis ready on %s  (started in %.1f s)
                  Kafka bootstrap:  %s
                  PostgreSQL:       localhost:%d, database %s, user %s
                  Data folder:      %s
                %sPress Ctrl-C to stop.
                """,
                stack.gatewayUrl(),
                took.toMillis() / 1000.0,
                stack.kafkaBootstrap(),
                config.ports().postgres(),
                Postgres.DATABASE,
                Postgres.USER,
                config.dataDir().toAbsolutePath().normalize(),
                users);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void simulate(Map<String, String> flags) {
        allow(
                flags,
                "home",
                "url",
                "kafka",
                "robots",
                "days",
                "seed",
                "rate",
                "duration",
                "live",
                "prefix",
                "clients",
                "ground-truth",
                "fault-share",
                "batch",
                "user",
                "password",
                "ingest-user",
                "ingest-password");
        long seed =
                Long.parseLong(
                        flags.getOrDefault("seed", String.valueOf(System.nanoTime() % 1_000_000)));
        Simulator.Options options =
                new Simulator.Options(
                        flags.getOrDefault("url", "http://localhost:8080"),
                        flags.getOrDefault("kafka", "localhost:9092"),
                        flags.getOrDefault("user", "constructor_admin"),
                        flags.getOrDefault("password", "constructor123"),
                        flags.getOrDefault("ingest-user", "acme_ingest"),
                        flags.getOrDefault("ingest-password", "ingest123"),
                        List.of(
                                flags.getOrDefault("clients", "client-alpha,client-beta")
                                        .split(",")),
                        flags.getOrDefault("prefix", "SIM" + seed),
                        Integer.parseInt(flags.getOrDefault("robots", "200")),
                        Integer.parseInt(flags.getOrDefault("days", "0")),
                        seed,
                        Double.parseDouble(flags.getOrDefault("fault-share", "0.3")),
                        Path.of(
                                flags.getOrDefault(
                                        "ground-truth", "simulation-ground-truth.jsonl")));
        Simulator simulator = new Simulator(options, System.currentTimeMillis());
        System.out.printf(
                "Simulating %d robots (seed %d, prefix %s)%n",
                simulator.robotCount(), seed, options.prefix());
        simulator.provision();
        System.out.printf(
                "  provisioned; %d faults written to %s%n",
                simulator.faults().size(), options.groundTruth());
        if (options.days() > 0) {
            long events = simulator.backfill(line -> System.out.println("  " + line));
            System.out.printf("  %,d events of history sent to Kafka%n", events);
        } else {
            simulator.skipHistory();
        }
        if (flags.containsKey("rate")) {
            Duration duration =
                    Duration.ofSeconds(
                            Long.parseLong(flags.getOrDefault("duration", "60").replace("s", "")));
            Simulator.RateReport report =
                    simulator.rate(
                            Integer.parseInt(flags.get("rate")),
                            duration,
                            4,
                            Integer.parseInt(flags.getOrDefault("batch", "1000")),
                            line -> System.out.println("  " + line));
            System.out.printf(
                    "  %,d events acknowledged in %.1f s (%,.0f/s), %,d failed (requests by"
                            + " status: %s), p99 request %d ms%n",
                    report.accepted(),
                    report.seconds(),
                    report.accepted() / report.seconds(),
                    report.failed(),
                    report.failures(),
                    report.p99RequestMs());
        } else if (flags.containsKey("live")) {
            AtomicBoolean running = new AtomicBoolean(true);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> running.set(false)));
            System.out.println("  live activity through the API; Ctrl-C stops");
            simulator.live(
                    running::get, Duration.ofSeconds(5), line -> System.out.println("  " + line));
        }
    }

    static void benchIngest(Map<String, String> flags) {
        allow(
                flags,
                "home",
                "url",
                "kafka",
                "jdbc",
                "robots",
                "rate",
                "duration",
                "in-flight",
                "batch",
                "raw-events",
                "credential",
                "warmup",
                "warmup-rate");
        try {
            io.robovis.local.bench.IngestBenchmark.run(flags);
        } catch (Exception e) {
            fail("benchmark failed: " + e);
        }
    }

    /** {@code eval health}: the health model against injected faults, three seeds by default. */
    static void evaluateHealth(Map<String, String> flags) {
        allow(flags, "home", "seeds", "robots", "days");
        int robots = Integer.parseInt(flags.getOrDefault("robots", "200"));
        int days = Integer.parseInt(flags.getOrDefault("days", "30"));
        for (long seed : seeds(flags)) {
            System.out.printf("Seed %d: simulating %d robots over %d days…%n", seed, robots, days);
            var result =
                    io.robovis.local.simulator.HealthEvaluation.run(seed, robots, days, line -> {});
            System.out.println(result.summary());
        }
    }

    /** {@code eval anomalies}: the anomaly detector against injected anomalies, three seeds. */
    static void evaluateAnomalies(Map<String, String> flags) {
        allow(flags, "home", "seeds", "robots", "days");
        int robots = Integer.parseInt(flags.getOrDefault("robots", "200"));
        int days = Integer.parseInt(flags.getOrDefault("days", "14"));
        for (long seed : seeds(flags)) {
            System.out.printf("Seed %d: streaming %d robots over %d days…%n", seed, robots, days);
            var result =
                    io.robovis.local.simulator.AnomalyEvaluation.run(
                            seed, robots, days, line -> {});
            System.out.println(result.summary());
        }
    }

    /** The seeds given with --seeds, else three fresh ones. */
    private static java.util.List<Long> seeds(Map<String, String> flags) {
        java.util.List<Long> seeds = new java.util.ArrayList<>();
        if (flags.containsKey("seeds")) {
            for (String s : flags.get("seeds").split(",")) {
                seeds.add(Long.parseLong(s.trim()));
            }
        } else {
            java.security.SecureRandom random = new java.security.SecureRandom();
            for (int i = 0; i < 3; i++) {
                seeds.add((long) random.nextInt(1_000_000));
            }
        }
        return seeds;
    }

    static void receiveWebhooks(Map<String, String> flags) {
        allow(flags, "home", "port", "secret");
        try {
            WebhookReceiver.run(
                    Integer.parseInt(flags.getOrDefault("port", "9000")), flags.get("secret"));
            Thread.currentThread().join();
        } catch (java.net.BindException e) {
            fail(
                    "port "
                            + flags.getOrDefault("port", "9000")
                            + " is taken; choose one with --port");
        } catch (Exception e) {
            fail("receiver failed: " + e);
        }
    }

    static void benchHealth(Map<String, String> flags) {
        allow(
                flags,
                "home",
                "url",
                "service-url",
                "jdbc",
                "prefix",
                "log",
                "requests",
                "time-only",
                "only",
                "encoding");
        try {
            io.robovis.local.bench.HealthBenchmark.run(flags);
        } catch (Exception e) {
            fail("benchmark failed: " + e);
        }
    }

    static void benchInsights(Map<String, String> flags) {
        allow(
                flags,
                "home",
                "url",
                "jdbc",
                "kafka",
                "prefix",
                "robots",
                "days",
                "requests",
                "mode",
                "min-seconds",
                "skip-load");
        try {
            io.robovis.local.bench.InsightBenchmark.run(flags);
        } catch (Exception e) {
            fail("benchmark failed: " + e);
        }
    }

    static void benchWebhooks(Map<String, String> flags) {
        allow(flags, "home", "url", "kafka", "endpoints", "rate", "duration");
        try {
            io.robovis.local.bench.WebhookBenchmark.run(flags);
        } catch (Exception e) {
            fail("benchmark failed: " + e);
        }
    }

    /** --name value pairs; a flag followed by another flag (or nothing) is a switch. */
    static Map<String, String> flags(String[] args) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                fail("Unexpected argument: " + args[i] + " (see ./robovis --help)");
            }
            String name = args[i].substring(2);
            boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
            flags.put(name, hasValue ? args[++i] : "true");
        }
        return flags;
    }

    private static void allow(Map<String, String> flags, String... known) {
        List<String> allowed = List.of(known);
        for (String flag : flags.keySet()) {
            if (!allowed.contains(flag)) {
                fail("Unknown flag --" + flag + " (see ./robovis --help)");
            }
        }
    }

    private static void fail(String message) {
        System.err.println("robovis: " + message);
        System.exit(2);
    }

    private Robovis() {}
}
