package io.robovis.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.robovis.common.events.CloudEventHeaders;
import io.robovis.common.events.Topics;
import io.robovis.common.test.TestInfrastructure;
import io.robovis.common.test.TestTokens;
import io.robovis.common.test.TopicReader;
import io.robovis.webhook.WebhookServiceApplication;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kills webhook-service (SIGKILL, a real process) in the middle of a fan-out and starts it again:
 * every delivery still arrives. The instances run in their own database and consumer group, so
 * nothing else in this JVM can deliver for them.
 */
class KillRestartTests {

    static final int EVENTS = 300;
    static final List<String> PATHS = List.of("/a", "/b", "/c");

    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Receiver receiver = new Receiver();
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        receiver.close();
    }

    @Test
    void aKilledInstanceLosesNoDelivery() throws Exception {
        String database = "kill_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = TestInfrastructure.postgres().getPostgresDatabase().getConnection()) {
            c.createStatement().execute("CREATE DATABASE " + database);
        }
        String group = "kill-test-" + database;
        receiver.answer(path -> new Receiver.Answer(200, Map.of(), "ok", 30));

        int port = freePort();
        start(database, group, port, "first");
        String tenant = "client-kill-" + database;
        for (String path : PATHS) {
            createWebhook(port, tenant, receiver.url(path));
        }
        publish(tenant);

        await().atMost(Duration.ofSeconds(60)).until(() -> received() >= 100);
        processes.get(0).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        int atKill = received();
        assertThat(atKill)
                .as("killed in the middle of the fan-out")
                .isLessThan(EVENTS * PATHS.size());

        start(database, group, freePort(), "second");
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> deliveredPairs().size() == EVENTS * PATHS.size());
        for (String path : PATHS) {
            Set<String> events = new HashSet<>();
            receiver.requests(path).forEach(r -> events.add(robot(r)));
            assertThat(events).as("every event reached " + path).hasSize(EVENTS);
        }
    }

    private int received() {
        return PATHS.stream().mapToInt(p -> receiver.requests(p).size()).sum();
    }

    private Set<String> deliveredPairs() {
        Set<String> pairs = new HashSet<>();
        for (String path : PATHS) {
            receiver.requests(path).forEach(r -> pairs.add(path + " " + robot(r)));
        }
        return pairs;
    }

    private String robot(Receiver.Request request) {
        JsonNode payload = json.readTree(request.body());
        return payload.path("data").path("robot_id").asString();
    }

    private void publish(String tenant) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            String id = UUID.randomUUID().toString();
            String robot = "KILL-" + i;
            String value =
                    json.writeValueAsString(
                            Map.of(
                                    "id", id,
                                    "type", "robot.offline",
                                    "time", Instant.now().toString(),
                                    "tenants", List.of(tenant),
                                    "data", Map.of("robot_id", robot, "client_id", tenant)));
            var record =
                    new ProducerRecord<String, String>(Topics.PLATFORM_EVENTS.name(), robot, value);
            record.headers().add(CloudEventHeaders.ID, id.getBytes(StandardCharsets.UTF_8));
            records.add(record);
        }
        TopicReader.sendAll(records);
    }

    private void createWebhook(int port, String tenant, String url) throws Exception {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://localhost:" + port + "/v1/webhooks"))
                                .header("Authorization", "Bearer " + TestTokens.clientAdmin(tenant))
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"url\":\"" + url + "\",\"events\":[\"*\"]}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    /** Starts webhook-service as its own JVM and waits until it is ready. */
    private void start(String database, String group, int port, String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Files.createDirectories(Path.of("target", "kill-test")).resolve(name + ".log");
        ProcessBuilder builder =
                new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        WebhookServiceApplication.class.getName(),
                        "--server.port=" + port,
                        "--robovis.webhook.consumer-group=" + group,
                        "--robovis.webhook.allowed-cidrs=127.0.0.0/8",
                        "--robovis.webhook.lease=4s",
                        "--robovis.webhook.timeout=2s",
                        "--robovis.webhook.poll-interval=200ms");
        int pgPort = TestInfrastructure.postgres().getPort();
        Map<String, String> env = builder.environment();
        env.put("ROBOVIS_DB_URL", "postgresql://localhost:" + pgPort + "/" + database);
        env.put("ROBOVIS_DB_USER", "postgres");
        env.put("ROBOVIS_DB_PASSWORD", "postgres");
        env.put("ROBOVIS_KAFKA_BOOTSTRAP", TestInfrastructure.kafkaBootstrap());
        env.put("ROBOVIS_JWT_SECRET", TestInfrastructure.JWT_SECRET);
        env.put("ROBOVIS_SECRETS_KEY", "test-secrets-key-for-webhook-secrets");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        Process process = builder.start();
        processes.add(process);
        URI readiness = URI.create("http://localhost:" + port + "/actuator/health/readiness");
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(
                        () -> {
                            assertThat(process.isAlive())
                                    .as("webhook-service is running, see " + log)
                                    .isTrue();
                            return http.send(
                                                    HttpRequest.newBuilder(readiness).build(),
                                                    HttpResponse.BodyHandlers.discarding())
                                            .statusCode()
                                    == 200;
                        });
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
