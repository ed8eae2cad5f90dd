package io.robovis.webhook.delivery;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real webhook receiver on a free loopback port: it records every request and answers what the
 * test tells it to, per path.
 */
final class Receiver implements AutoCloseable {

    /** What the receiver answers. */
    record Answer(int status, Map<String, String> headers, String body, long delayMs) {
        static Answer ok() {
            return new Answer(200, Map.of(), "ok", 0);
        }

        static Answer status(int status) {
            return new Answer(status, Map.of(), "status " + status, 0);
        }
    }

    /** One request as it arrived. */
    record Request(String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(64);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> inFlight =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> maxInFlight =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Function<String, Answer> answers = path -> Answer.ok();

    Receiver() {
        try {
            server =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The URL of a path on this receiver, by IP literal. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    int port() {
        return server.getAddress().getPort();
    }

    void answer(Function<String, Answer> answers) {
        this.answers = answers;
    }

    List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    int maxInFlight(String path) {
        AtomicInteger max = maxInFlight.get(path);
        return max == null ? 0 : max.get();
    }

    /**
     * A request is in flight from its arrival until its answer starts: the sender may start the
     * next one as soon as it has the answer, before this handler has returned.
     */
    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        AtomicInteger current = inFlight.computeIfAbsent(path, p -> new AtomicInteger());
        int now = current.incrementAndGet();
        maxInFlight
                .computeIfAbsent(path, p -> new AtomicInteger())
                .accumulateAndGet(now, Math::max);
        boolean answered = false;
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Answer answer = answers.apply(path);
            if (answer.delayMs() > 0) {
                Thread.sleep(answer.delayMs());
            }
            requests.add(new Request(path, Map.copyOf(exchange.getRequestHeaders()), body));
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            current.decrementAndGet();
            answered = true;
            exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                exchange.getResponseBody().write(out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!answered) {
                current.decrementAndGet();
            }
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
