package io.robovis.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./robovis up}: the local stack in the foreground until Ctrl-C or SIGTERM. The wrapper
 * script {@code ./robovis} builds the jars when they are missing and prints the help.
 */
public final class Robovis {

    public static void main(String[] args) {
        Path home = Path.of(".");
        Path data = null;
        boolean fresh = false;
        String command = "up";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "up" -> command = "up";
                case "--home" -> home = Path.of(value(args, ++i, "--home"));
                case "--data" -> data = Path.of(value(args, ++i, "--data"));
                case "--fresh" -> fresh = true;
                default -> fail("Unknown argument: " + args[i] + " (see ./robovis --help)");
            }
        }
        if (!command.equals("up")) {
            fail("Unknown command: " + command);
        }
        up(
                new StackConfig(
                        home,
                        data != null ? data : home.resolve(".robovis"),
                        StackPorts.defaults(),
                        fresh));
    }

    static void up(StackConfig config) {
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
        System.out.printf(
                """

                RoboVis ready on %s  (started in %.1f s)
                  Kafka bootstrap:  %s
                  PostgreSQL:       localhost:%d, database %s, user %s
                  Data folder:      %s
                  Demo users (username / password):
                    constructor_admin / constructor123   constructor-acme, admin
                    client_admin      / client123        client-alpha, admin
                    beta_admin        / beta123          client-beta, admin
                    acme_ingest       / ingest123        constructor-acme, ingest
                  Try: curl -X POST %s/v1/auth/login -H "Content-Type: application/json" \\
                         -d '{"username":"constructor_admin","password":"constructor123"}'
                Press Ctrl-C to stop.
                """,
                stack.gatewayUrl(),
                took.toMillis() / 1000.0,
                stack.kafkaBootstrap(),
                config.ports().postgres(),
                Postgres.DATABASE,
                Postgres.USER,
                config.dataDir().toAbsolutePath().normalize(),
                stack.gatewayUrl());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length) {
            fail(flag + " needs a value (see ./robovis --help)");
        }
        return args[index];
    }

    private static void fail(String message) {
        System.err.println("robovis: " + message);
        System.exit(2);
    }

    private Robovis() {}
}
