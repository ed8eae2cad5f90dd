package io.robovis.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A real PostgreSQL (zonky's binaries) whose data lives in the stack's data folder. */
final class Postgres implements AutoCloseable {

    static final String DATABASE = "robovis";
    static final String USER = "postgres";

    private final EmbeddedPostgres server;

    private Postgres(EmbeddedPostgres server) {
        this.server = server;
    }

    static Postgres start(Path dataDir, int port) {
        try {
            Path dir = dataDir.resolve("postgres");
            Files.createDirectories(dir);
            EmbeddedPostgres server =
                    EmbeddedPostgres.builder()
                            .setPort(port)
                            .setDataDirectory(dir)
                            .setCleanDataDirectory(false)
                            // fewer, larger checkpoints under a sustained ingest; durability
                            // unchanged
                            .setServerConfig("max_wal_size", "4GB")
                            .setServerConfig("checkpoint_timeout", "15min")
                            .setServerConfig("shared_buffers", "512MB")
                            .start();
            Postgres postgres = new Postgres(server);
            postgres.createDatabase();
            return postgres;
        } catch (IOException | SQLException e) {
            throw new StackException(
                    "PostgreSQL did not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** The database URL as the services' ROBOVIS_DB_URL takes it. */
    String url() {
        return "postgresql://localhost:" + server.getPort() + "/" + DATABASE;
    }

    private void createDatabase() throws SQLException {
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet exists =
                    statement.executeQuery(
                            "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (exists.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE " + DATABASE);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
