package io.robovis.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/** A real single-node KRaft broker (broker and controller in one), started from the Kafka jars. */
final class KafkaBroker implements AutoCloseable {

    private final KafkaRaftServer server;
    private final int port;

    private KafkaBroker(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    static KafkaBroker start(Path dataDir, int port, int controllerPort) {
        try {
            Path logDir = dataDir.resolve("kafka");
            Files.createDirectories(logDir);
            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
            props.put(
                    "listeners",
                    "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
            props.put("controller.listener.names", "CONTROLLER");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("log.dirs", logDir.toAbsolutePath().toString());
            props.put("num.partitions", "3");
            props.put("offsets.topic.replication.factor", "1");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("share.coordinator.state.topic.replication.factor", "1");
            props.put("share.coordinator.state.topic.min.isr", "1");
            props.put("group.initial.rebalance.delay.ms", "0");
            props.put("auto.create.topics.enable", "false");
            props.put("log.retention.hours", "168");

            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(dataDir, props);
            }
            KafkaRaftServer server =
                    new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            return new KafkaBroker(server, port);
        } catch (IOException e) {
            throw new StackException(
                    "Kafka did not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    String bootstrap() {
        return "localhost:" + port;
    }

    private static void format(Path dataDir, Properties props) throws IOException {
        Path file = dataDir.resolve("kafka-server.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, "RoboVis local broker");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code =
                StorageTool.execute(
                        new String[] {
                            "format", "-t", Uuid.randomUuid().toString(), "-c", file.toString()
                        },
                        new PrintStream(output, true, StandardCharsets.UTF_8));
        if (code != 0) {
            throw new StackException(
                    "Formatting the Kafka log folder failed: "
                            + output.toString(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
