package io.robovis.local;

import java.nio.file.Path;

/**
 * What {@link LocalStack} starts.
 *
 * @param home the repository root, where the service jars are built
 * @param dataDir where Postgres, Kafka, secrets and logs are kept across restarts
 * @param ports the ports to listen on
 * @param fresh whether to wipe the data folder first
 */
public record StackConfig(Path home, Path dataDir, StackPorts ports, boolean fresh) {}
