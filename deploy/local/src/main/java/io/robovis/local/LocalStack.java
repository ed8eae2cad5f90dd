package io.robovis.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Real Kafka, real PostgreSQL and every service as its own process: what {@code ./robovis up} runs.
 * Closing it stops everything in reverse order.
 */
public final class LocalStack implements AutoCloseable {

    static final Duration SERVICE_START_TIMEOUT = Duration.ofMinutes(3);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final StackConfig config;
    private String kafkaBootstrap;

    private LocalStack(StackConfig config) {
        this.config = config;
    }

    /** Starts everything, reporting each step to {@code progress}; cleans up if a step fails. */
    public static LocalStack start(StackConfig config, Consumer<String> progress) {
        LocalStack stack = new LocalStack(config);
        try {
            stack.startAll(progress);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    public String gatewayUrl() {
        return "http://localhost:" + config.ports().gateway();
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    private void startAll(Consumer<String> progress) {
        checkPortsFree(config.ports());
        Path data = prepareDataDir(progress);
        Path logs = data.resolve("logs");
        Properties secrets = Secrets.loadOrCreate(data);

        progress.accept("Starting PostgreSQL on localhost:" + config.ports().postgres());
        Postgres postgres = Postgres.start(data, config.ports().postgres());
        started.push(postgres);

        progress.accept("Starting Kafka on localhost:" + config.ports().kafka());
        KafkaBroker kafka =
                KafkaBroker.start(data, config.ports().kafka(), config.ports().kafkaController());
        started.push(kafka);
        kafkaBootstrap = kafka.bootstrap();

        Map<String, String> env = new HashMap<>();
        env.put("ROBOVIS_DB_URL", postgres.url());
        env.put("ROBOVIS_DB_USER", Postgres.USER);
        env.put("ROBOVIS_DB_PASSWORD", "");
        env.put("ROBOVIS_KAFKA_BOOTSTRAP", kafka.bootstrap());
        env.put(Secrets.JWT_SECRET, secrets.getProperty(Secrets.JWT_SECRET));
        env.put(Secrets.SECRETS_KEY, secrets.getProperty(Secrets.SECRETS_KEY));
        env.put("ROBOVIS_GATEWAY_PORT", String.valueOf(config.ports().gateway()));
        env.put("ROBOVIS_ROBOT_SERVICE_PORT", String.valueOf(config.ports().robot()));
        env.put("ROBOVIS_INSIGHT_SERVICE_PORT", String.valueOf(config.ports().insight()));
        env.put("ROBOVIS_WEBHOOK_SERVICE_PORT", String.valueOf(config.ports().webhook()));
        env.put("ROBOVIS_ROBOT_SERVICE_URL", "http://localhost:" + config.ports().robot());
        env.put("ROBOVIS_INSIGHT_SERVICE_URL", "http://localhost:" + config.ports().insight());
        env.put("ROBOVIS_WEBHOOK_SERVICE_URL", "http://localhost:" + config.ports().webhook());
        if (!config.production()) {
            env.put("SPRING_PROFILES_ACTIVE", "demo");
        }

        // Started together: on two cores this is faster than one after the other.
        List<ServiceProcess> services =
                Stream.of(
                                service("robot-service", config.ports().robot(), env, logs),
                                service("insight-service", config.ports().insight(), env, logs),
                                service("webhook-service", config.ports().webhook(), env, logs),
                                service("api-gateway", config.ports().gateway(), env, logs))
                        .toList();
        for (ServiceProcess service : services) {
            service.awaitReady(SERVICE_START_TIMEOUT);
            progress.accept(service.name() + " ready");
        }
        if (config.demo() != null) {
            started.push(
                    DemoFleet.start(
                            config.demo(), data, gatewayUrl(), kafka.bootstrap(), progress));
        }
    }

    private ServiceProcess service(String name, int port, Map<String, String> env, Path logs) {
        ServiceProcess process =
                ServiceProcess.start(
                        name,
                        config.home().resolve(name).resolve("target").resolve(name + "-exec.jar"),
                        port,
                        env,
                        logs);
        started.push(process);
        return process;
    }

    private Path prepareDataDir(Consumer<String> progress) {
        Path data = config.dataDir().toAbsolutePath();
        try {
            if (config.fresh() && Files.exists(data)) {
                progress.accept("Removing " + data + " (--fresh)");
                try (Stream<Path> paths = Files.walk(data)) {
                    for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
            Files.createDirectories(data.resolve("logs"));
            return data;
        } catch (IOException e) {
            throw new StackException(
                    "Cannot prepare the data folder " + data + ": " + e.getMessage(), e);
        }
    }

    /** Names the first port that is taken, before anything starts. */
    static void checkPortsFree(StackPorts ports) {
        for (Map.Entry<String, Integer> entry : ports.byOwner().entrySet()) {
            int port = entry.getValue();
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(port));
            } catch (IOException e) {
                throw new StackException(
                        "Port "
                                + port
                                + " (for "
                                + entry.getKey()
                                + ") is already in use. Stop what listens there (is another"
                                + " ./robovis up running?) and try again.");
            }
        }
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                System.err.println("While stopping: " + e.getMessage());
            }
        }
    }
}
