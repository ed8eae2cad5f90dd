package io.robovis.webhook.delivery;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.NetUtil;
import io.robovis.webhook.webhook.SecretBox;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Makes one attempt: POSTs the stored payload, signed, and tells what came back. Never follows a
 * redirect; the whole attempt is bounded by the configured timeout; the SSRF guard checks the
 * address it connects to (literal addresses here, names in {@link GuardedResolverGroup}).
 */
@Component
class WebhookSender {

    static final String USER_AGENT = "RoboVis-Webhooks/1.0";
    static final String EVENT_HEADER = "X-RoboVis-Event";

    private final HttpClient http;
    private final TargetAddressPolicy policy;
    private final SecretBox secrets;
    private final Clock clock;
    private final Duration timeout;
    private final int bodyLimit;

    WebhookSender(DeliveryProperties properties, SecretBox secrets, Clock clock) {
        this.policy = new TargetAddressPolicy(properties.allowedCidrs());
        this.secrets = secrets;
        this.clock = clock;
        this.timeout = properties.timeout();
        this.bodyLimit = properties.responseBodyLimit();
        ConnectionProvider connections =
                ConnectionProvider.builder("webhook-deliveries")
                        // per receiver address; the dispatcher caps each webhook below this
                        .maxConnections(Math.max(64, properties.maxConcurrencyPerEndpoint()))
                        .pendingAcquireMaxCount(-1)
                        .pendingAcquireTimeout(properties.timeout())
                        .maxIdleTime(Duration.ofSeconds(30))
                        .build();
        this.http =
                HttpClient.create(connections)
                        .resolver(new GuardedResolverGroup(policy))
                        .followRedirect(false)
                        .option(
                                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                                (int) Math.min(5000, properties.timeout().toMillis()))
                        .responseTimeout(properties.timeout());
    }

    /** One attempt of the claimed delivery; never fails: a failure is an outcome too. */
    Mono<Outcome> send(Claim claim) {
        return Mono.defer(
                () -> {
                    Instant start = clock.instant();
                    long started = System.nanoTime();
                    String refusal = literalRefusal(claim.url());
                    if (refusal != null) {
                        return Mono.just(new Outcome(claim, start, null, 0, refusal, null, null));
                    }
                    return post(claim, start)
                            .timeout(timeout)
                            .map(
                                    answer ->
                                            new Outcome(
                                                    claim,
                                                    start,
                                                    answer.status(),
                                                    elapsedMs(started),
                                                    null,
                                                    answer.body(),
                                                    answer.retryAfter()))
                            .onErrorResume(
                                    error ->
                                            Mono.just(
                                                    new Outcome(
                                                            claim,
                                                            start,
                                                            null,
                                                            elapsedMs(started),
                                                            describe(error),
                                                            null,
                                                            null)));
                });
    }

    private record Answer(int status, String body, String retryAfter) {}

    private Mono<Answer> post(Claim claim, Instant start) {
        List<String> keys = new ArrayList<>(2);
        if (claim.secret() != null) {
            keys.add(secrets.open(claim.secret()));
        }
        if (claim.previousSecret() != null) {
            keys.add(secrets.open(claim.previousSecret()));
        }
        var signature =
                DeliverySigner.headers(claim.id(), start.getEpochSecond(), claim.payload(), keys);
        return http.headers(
                        headers -> {
                            headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
                            headers.set(HttpHeaderNames.USER_AGENT, USER_AGENT);
                            headers.set(EVENT_HEADER, claim.eventType());
                            signature.forEach(headers::set);
                        })
                .post()
                .uri(claim.url())
                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(claim.payload())))
                .response(
                        (response, body) ->
                                body.asByteArray()
                                        .reduceWith(ByteArrayOutputStream::new, this::keepStart)
                                        .map(
                                                start1 ->
                                                        new Answer(
                                                                response.status().code(),
                                                                start1.toString(
                                                                        StandardCharsets.UTF_8),
                                                                response.responseHeaders()
                                                                        .get("Retry-After"))))
                .single();
    }

    /** Keeps the first {@code bodyLimit} bytes of an answer and reads the rest away. */
    private ByteArrayOutputStream keepStart(ByteArrayOutputStream kept, byte[] chunk) {
        int room = bodyLimit - kept.size();
        if (room > 0) {
            kept.write(chunk, 0, Math.min(room, chunk.length));
        }
        return kept;
    }

    /** The refusal of a URL whose host is an IP literal (a name is checked once resolved). */
    String literalRefusal(String url) {
        String host = URI.create(url).getHost();
        if (host == null) {
            return "the URL has no host";
        }
        String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (!NetUtil.isValidIpV4Address(literal) && !NetUtil.isValidIpV6Address(literal)) {
            return null;
        }
        InetAddress address = NetUtil.createInetAddressFromIpAddressString(literal);
        String reason = policy.refusal(address);
        return reason == null ? null : "refused by the SSRF guard: " + host + " is a " + reason;
    }

    private String describe(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof GuardedResolverGroup.RefusedTargetException) {
                return t.getMessage();
            }
            if (t instanceof TimeoutException
                    || t instanceof io.netty.handler.timeout.ReadTimeoutException) {
                return "no answer within " + timeout.toSeconds() + " s";
            }
        }
        Throwable cause = error;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }

    private static int elapsedMs(long startedNanos) {
        return (int) Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }
}
