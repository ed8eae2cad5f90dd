package io.robovis.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One RoboVis service, run from its jar as its own process, as in production. */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    static ServiceProcess start(
            String name, Path jar, int port, Map<String, String> env, Path logDir) {
        if (!Files.isRegularFile(jar)) {
            throw new StackException(
                    "The "
                            + name
                            + " jar is missing ("
                            + jar
                            + "). Build it with: ./robovis build");
        }
        String java =
                ProcessHandle.current()
                        .info()
                        .command()
                        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-Xms64m");
        // half the heap for new objects: a projection's batch (up to 20,000 events) and the
        // records fetched for the next one are alive at every young collection; a young
        // generation of 512 MB (a third of the former 1.5 GB) overflowed them into the old one,
        // which filled up and forced full collections (docs/benchmarks.md, runs 75-80). The heap
        // grows only as the load needs.
        command.add("-Xmx3g");
        command.add("-XX:NewRatio=1");
        command.add("-XX:+UseParallelGC");
        // more options for every service's JVM, space-separated (measurements, diagnostics)
        String options = System.getenv().getOrDefault("ROBOVIS_SERVICE_JVM_OPTIONS", "").strip();
        if (!options.isEmpty()) {
            command.addAll(List.of(options.split("\\s+")));
        }
        command.add("-jar");
        command.add(jar.toString());
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(env);
        try {
            return new ServiceProcess(name, port, builder.start(), log);
        } catch (IOException e) {
            throw new StackException("Could not start " + name + ": " + e.getMessage(), e);
        }
    }

    String name() {
        return name;
    }

    /** Waits until the service reports ready; fails fast when the process dies. */
    void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI readiness = URI.create("http://localhost:" + port + "/actuator/health/readiness");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new StackException(
                        name
                                + " stopped during start-up (exit "
                                + process.exitValue()
                                + "); see "
                                + log);
            }
            try {
                HttpResponse<Void> response =
                        HTTP.send(
                                HttpRequest.newBuilder(readiness)
                                        .timeout(Duration.ofSeconds(2))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("Interrupted while waiting for " + name, e);
            }
            pause();
        }
        throw new StackException(
                name + " was not ready within " + timeout.toSeconds() + " s; see " + log);
    }

    /** SIGTERM, a graceful wait, then SIGKILL: no process is left behind. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted during start-up", e);
        }
    }
}
