package io.robovis.common.test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One real PostgreSQL and one real Kafka broker per test JVM (one per module), on free ports,
 * started on first use and stopped when the JVM exits.
 */
public final class TestInfrastructure {

    /** The HS256 secret every test context shares, so tests can mint tokens. */
    public static final String JWT_SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789";

    private static EmbeddedPostgres postgres;
    private static EmbeddedKafkaKraftBroker kafka;

    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("Embedded PostgreSQL did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(TestInfrastructure::closePostgres));
        }
        return postgres;
    }

    public static synchronized String kafkaBootstrap() {
        if (kafka == null) {
            kafka = new EmbeddedKafkaKraftBroker(1, 3);
            kafka.brokerProperty("auto.create.topics.enable", "true");
            kafka.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::destroy));
        }
        return kafka.getBrokersAsString();
    }

    public static String jdbcUrl() {
        return postgres().getJdbcUrl("postgres", "postgres");
    }

    /** Registers the properties that point a RoboVis service at the test infrastructure. */
    public static void register(DynamicPropertyRegistry registry) {
        EmbeddedPostgres pg = postgres();
        String db = "postgresql://localhost:" + pg.getPort() + "/postgres";
        registry.add("ROBOVIS_DB_URL", () -> db);
        registry.add("ROBOVIS_DB_USER", () -> "postgres");
        registry.add("ROBOVIS_DB_PASSWORD", () -> "postgres");
        registry.add("ROBOVIS_KAFKA_BOOTSTRAP", TestInfrastructure::kafkaBootstrap);
        registry.add("ROBOVIS_JWT_SECRET", () -> JWT_SECRET);
        registry.add("ROBOVIS_SECRETS_KEY", () -> "test-secrets-key-for-webhook-secrets");
    }

    /** A port on which nothing listens, for "service down" cases. */
    public static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closePostgres() {
        try {
            postgres.close();
        } catch (IOException ignored) {
            // the JVM is exiting
        }
    }

    private TestInfrastructure() {}
}
