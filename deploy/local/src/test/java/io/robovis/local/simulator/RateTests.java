package io.robovis.local.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The load the benchmarks send: against a local HTTP server that answers as the gateway does (a 413
 * past the batch maximum), no batch is larger than asked, and every event is counted.
 */
class RateTests {

    static final int MAX_EVENTS = 5_000;
    static final Pattern EVENT_ID = Pattern.compile("\"event_id\":\"([^\"]+)\"");

    HttpServer gateway;
    final AtomicInteger largest = new AtomicInteger();
    final AtomicLong received = new AtomicLong();
    final Set<String> eventIds = ConcurrentHashMap.newKeySet();
    final Set<String> bodies = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws IOException {
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.setExecutor(Executors.newFixedThreadPool(4));
        gateway.createContext(
                "/v1/auth/login", exchange -> answer(exchange, 200, "{\"token\":\"t\"}"));
        gateway.createContext(
                "/v1/robots/events",
                exchange -> {
                    String body =
                            new String(
                                    exchange.getRequestBody().readAllBytes(),
                                    StandardCharsets.UTF_8);
                    int events = 0;
                    for (Matcher m = EVENT_ID.matcher(body); m.find(); ) {
                        events++;
                        eventIds.add(m.group(1));
                    }
                    bodies.add(body);
                    largest.accumulateAndGet(events, Math::max);
                    if (events > MAX_EVENTS) {
                        answer(exchange, 413, "{\"code\":\"batch_too_large\"}");
                    } else {
                        received.addAndGet(events);
                        answer(exchange, 202, "{\"accepted\":" + events + ",\"rejected\":[]}");
                    }
                });
        gateway.start();
    }

    @AfterEach
    void stop() {
        gateway.stop(0);
    }

    @Test
    void batchesAtTheMaximumAreNeverLargerThanIt() {
        Simulator simulator = simulator();

        Simulator.RateReport report =
                simulator.rate(40_000, Duration.ofSeconds(2), 2, MAX_EVENTS, line -> {});

        assertThat(report.failures()).isEqualTo("none");
        assertThat(report.failed()).isZero();
        assertThat(largest.get()).isEqualTo(MAX_EVENTS);
        assertThat(report.accepted()).isPositive().isEqualTo(received.get());
    }

    @Test
    void preparedRequestsGoFirstThenTheLoadGoesOnWithNewEvents() {
        Simulator simulator = simulator();
        Queue<Simulator.Batch> prepared = simulator.prepare(3_000, 1_000, Long.MAX_VALUE);
        List<String> preparedBodies =
                prepared.stream().map(b -> new String(b.body(), StandardCharsets.UTF_8)).toList();
        assertThat(prepared).hasSize(3).allSatisfy(b -> assertThat(b.events()).isEqualTo(1_000));

        Simulator.RateReport report =
                simulator.rate(20_000, Duration.ofSeconds(1), 2, 1_000, prepared, line -> {});

        assertThat(prepared).isEmpty();
        assertThat(bodies).containsAll(preparedBodies);
        assertThat(report.accepted()).isGreaterThan(3_000).isEqualTo(received.get());
        // no event is sent twice: what is generated after the prepared ones is new
        assertThat(eventIds).hasSize((int) received.get());
        assertThat(largest.get()).isEqualTo(1_000);
    }

    @Test
    void preparingStopsAtTheByteLimit() {
        Queue<Simulator.Batch> prepared = simulator().prepare(1_000_000, 1_000, 1);

        assertThat(prepared).hasSize(1);
    }

    @Test
    void aFixedLocalHourSetsTheMixOfEventsWhateverTheTime() {
        Simulator night = simulator();
        night.atLocalHour(3);
        Simulator peak = simulator();
        peak.atLocalHour(10);

        // same seed, same time: only the hour they behave as differs
        assertThat(sessionsStarted(night.prepare(20_000, 1_000, Long.MAX_VALUE))).isZero();
        assertThat(sessionsStarted(peak.prepare(20_000, 1_000, Long.MAX_VALUE))).isPositive();
    }

    private static long sessionsStarted(Queue<Simulator.Batch> batches) {
        return batches.stream()
                .map(b -> new String(b.body(), StandardCharsets.UTF_8))
                .mapToLong(body -> body.split("\"type\":\"session_started\"", -1).length - 1)
                .sum();
    }

    private Simulator simulator() {
        return new Simulator(
                new Simulator.Options(
                        "http://127.0.0.1:" + gateway.getAddress().getPort(),
                        "unused:9092",
                        "constructor_admin",
                        "unused",
                        "acme_ingest",
                        "unused",
                        List.of("client-alpha"),
                        "RATE",
                        50,
                        0,
                        1,
                        0.0,
                        Path.of("unused.jsonl")),
                System.currentTimeMillis());
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
