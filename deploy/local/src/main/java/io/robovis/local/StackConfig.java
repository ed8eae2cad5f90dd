package io.robovis.local;

import java.nio.file.Path;

/**
 * What {@link LocalStack} starts.
 *
 * @param home the repository root, where the service jars are built
 * @param dataDir where Postgres, Kafka, secrets and logs are kept across restarts
 * @param ports the ports to listen on
 * @param fresh whether to wipe the data folder first
 * @param demo the demo fleet to generate on first start and keep alive, or null for none
 * @param production no demo profile (no demo users: the bootstrap variables create the first admin)
 *     and no demo fleet
 */
public record StackConfig(
        Path home,
        Path dataDir,
        StackPorts ports,
        boolean fresh,
        DemoSize demo,
        boolean production) {

    public StackConfig(Path home, Path dataDir, StackPorts ports, boolean fresh, DemoSize demo) {
        this(home, dataDir, ports, fresh, demo, false);
    }

    /** The demo fleet: how many robots, how many days of history. */
    public record DemoSize(int robots, int days) {
        public static final DemoSize DEFAULT = new DemoSize(60, 14);
    }
}
