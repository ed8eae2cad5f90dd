package io.robovis.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the stack exactly as {@code ./robovis up} does (embedded Postgres and Kafka, each service
 * jar as its own process), on free ports, and runs the contract's curl examples against it.
 */
class LocalStackTests {

    static final Path HOME = Path.of("../..").toAbsolutePath().normalize();

    @BeforeAll
    static void jarsAreBuilt() {
        for (String service :
                List.of("api-gateway", "robot-service", "insight-service", "webhook-service")) {
            Path jar = HOME.resolve(service).resolve("target").resolve(service + "-exec.jar");
            assertThat(jar)
                    .as("the reactor packages %s before this module's tests", service)
                    .isRegularFile();
        }
    }

    @Test
    void seedLoginAndRefreshCurlsAnswerAndDataSurvivesARestart(@TempDir Path data)
            throws Exception {
        StackPorts ports = freePorts();
        StackConfig config =
                new StackConfig(HOME, data, ports, false, new StackConfig.DemoSize(6, 1));
        List<String> progress = new ArrayList<>();

        try (LocalStack stack = LocalStack.start(config, progress::add)) {
            assertThat(progress).contains("api-gateway ready");
            String login = seedLoginCurl(ports.gateway());
            assertThat(login)
                    .contains("\"tenant_id\":\"constructor-acme\"")
                    .contains("\"tenant_type\":\"constructor\"")
                    .contains("\"role\":\"admin\"");
            String token = field(login, "token");
            assertThat(token).startsWith("eyJ");

            String refreshed =
                    curl(
                            "-s",
                            "-X",
                            "POST",
                            "http://localhost:" + ports.gateway() + "/v1/auth/refresh",
                            "-H",
                            "Authorization: Bearer " + token);
            assertThat(field(refreshed, "token")).startsWith("eyJ").isNotEqualTo(token);

            // the demo fleet: provisioned, with history, readable by its client as the contract
            // shows
            String clientToken =
                    field(
                            curl(
                                    "-s",
                                    "-X",
                                    "POST",
                                    "http://localhost:" + ports.gateway() + "/v1/auth/login",
                                    "-H",
                                    "Content-Type: application/json",
                                    "-d",
                                    "{\"username\":\"client_admin\",\"password\":\"client123\"}"),
                            "token");
            String robots =
                    curl(
                            "-s",
                            "http://localhost:" + ports.gateway() + "/v1/robots",
                            "-H",
                            "Authorization: Bearer " + clientToken);
            assertThat(robots)
                    .contains("\"robot_id\":\"BDY-002\"")
                    .contains("\"tenant_id\":\"client-alpha\"");
            String timeline =
                    curl(
                            "-s",
                            "http://localhost:"
                                    + ports.gateway()
                                    + "/v1/client/robots/BDY-002/timeline",
                            "-H",
                            "Authorization: Bearer " + clientToken);
            assertThat(timeline).startsWith("[{").contains("\"robot_id\":\"BDY-002\"");
            assertThat(data.resolve("demo-ground-truth.jsonl")).isRegularFile();
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive))
                .as("closing the stack leaves no process behind")
                .isEmpty();

        // The same data folder again: the secret and the users are still there.
        try (LocalStack stack = LocalStack.start(config, line -> {})) {
            assertThat(seedLoginCurl(ports.gateway()))
                    .contains("\"tenant_id\":\"constructor-acme\"");
        }
        assertThat(Files.readString(data.resolve("secrets.properties")))
                .contains("ROBOVIS_JWT_SECRET");
    }

    @Test
    void aTakenPortIsNamedInAClearError(@TempDir Path data) throws IOException {
        StackPorts free = freePorts();
        try (ServerSocket taken = new ServerSocket(0)) {
            StackPorts ports =
                    new StackPorts(
                            taken.getLocalPort(),
                            free.robot(),
                            free.insight(),
                            free.webhook(),
                            free.kafka(),
                            free.kafkaController(),
                            free.postgres());
            assertThatThrownBy(
                            () ->
                                    LocalStack.start(
                                            new StackConfig(HOME, data, ports, false, null),
                                            line -> {}))
                    .isInstanceOf(StackException.class)
                    .hasMessageContaining("Port " + taken.getLocalPort())
                    .hasMessageContaining("api-gateway")
                    .hasMessageContaining("already in use");
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
    }

    /** The contract's login example, as written there, with this stack's port. */
    private static String seedLoginCurl(int port) throws Exception {
        return curl(
                "-s",
                "-X",
                "POST",
                "http://localhost:" + port + "/v1/auth/login",
                "-H",
                "Content-Type: application/json",
                "-d",
                "{\"username\":\"constructor_admin\",\"password\":\"constructor123\"}");
    }

    private static String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("curl");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("curl exit code, output: %s", out).isZero();
        return out;
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as("%s in %s", name, json).isTrue();
        return m.group(1);
    }

    private static StackPorts freePorts() {
        int[] ports = new int[7];
        List<ServerSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < ports.length; i++) {
                ServerSocket socket = new ServerSocket(0);
                open.add(socket);
                ports[i] = socket.getLocalPort();
            }
            for (ServerSocket socket : open) {
                socket.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new StackPorts(ports[0], ports[1], ports[2], ports[3], ports[4], ports[5], ports[6]);
    }
}
