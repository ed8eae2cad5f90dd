package io.robovis.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code ./robovis receive-webhooks}: a webhook receiver on this machine that prints each delivery
 * and checks its signatures the way a receiver should (both schemes, constant-time, timestamp no
 * older than five minutes). A way to watch the demo's robot.offline events arrive, and a reference
 * for receivers written elsewhere.
 */
final class WebhookReceiver {

    static final long TOLERANCE_S = 300;

    private final byte[] key;

    WebhookReceiver(String secret) {
        this.key = secret == null ? null : key(secret);
    }

    static void run(int port, String secret) throws IOException {
        WebhookReceiver receiver = new WebhookReceiver(secret);
        HttpServer server =
                HttpServer.create(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.createContext("/", receiver::handle);
        server.start();
        System.out.printf(
                "Receiving webhooks on http://127.0.0.1:%d/ (%s); Ctrl-C stops%n",
                port, secret == null ? "no secret: signatures not checked" : "checking signatures");
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        var headers = exchange.getRequestHeaders();
        String verdict =
                key == null
                        ? "unchecked"
                        : verdict(
                                headers.getFirst("webhook-id"),
                                headers.getFirst("webhook-timestamp"),
                                headers.getFirst("webhook-signature"),
                                headers.getFirst("X-RoboVis-Signature"),
                                body);
        System.out.printf(
                "%s %s %s signatures: %s%n  %s%n",
                Instant.now(),
                headers.getFirst("X-RoboVis-Event"),
                headers.getFirst("webhook-id"),
                verdict,
                new String(body, StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    /** "valid" when both schemes verify and the timestamp is recent, else what failed. */
    String verdict(String id, String timestamp, String standard, String robovis, byte[] body) {
        if (id == null || timestamp == null || standard == null || robovis == null) {
            return "MISSING HEADERS";
        }
        long age = Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp));
        if (age > TOLERANCE_S) {
            return "TIMESTAMP TOO OLD (" + age + " s)";
        }
        byte[] signed = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[signed.length + body.length];
        System.arraycopy(signed, 0, content, 0, signed.length);
        System.arraycopy(body, 0, content, signed.length, body.length);
        boolean standardOk = false;
        for (String entry : standard.split(" ")) {
            if (entry.startsWith("v1,")) {
                standardOk |=
                        MessageDigest.isEqual(
                                Base64.getDecoder().decode(entry.substring(3)), hmac(content));
            }
        }
        boolean robovisOk = false;
        for (String entry : robovis.split(",")) {
            String value = entry.trim();
            if (value.startsWith("sha256=")) {
                robovisOk |=
                        MessageDigest.isEqual(
                                HexFormat.of().parseHex(value.substring(7)), hmac(body));
            }
        }
        if (standardOk && robovisOk) {
            return "valid (webhook-signature and X-RoboVis-Signature)";
        }
        return "INVALID (webhook-signature "
                + standardOk
                + ", X-RoboVis-Signature "
                + robovisOk
                + ")";
    }

    /** A whsec_ secret is base64 after its prefix; any other secret is its UTF-8 bytes. */
    static byte[] key(String secret) {
        return secret.startsWith("whsec_")
                ? Base64.getDecoder().decode(secret.substring("whsec_".length()))
                : secret.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] hmac(byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
