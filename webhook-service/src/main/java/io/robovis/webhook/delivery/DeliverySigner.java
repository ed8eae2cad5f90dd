package io.robovis.webhook.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a delivery's exact body with both schemes of DESIGN.md: Standard Webhooks ({@code
 * webhook-id}, {@code webhook-timestamp}, {@code webhook-signature: v1,<base64 HMAC-SHA256 of
 * id.timestamp.body>}) and {@code X-RoboVis-Signature: sha256=<hex HMAC-SHA256 of body>}. A secret
 * starting with {@code whsec_} is base64 after that prefix (Standard Webhooks); any other secret is
 * used as its UTF-8 bytes. During a rotation both secrets sign: one entry each, space-separated in
 * {@code webhook-signature}, comma-separated in {@code X-RoboVis-Signature}.
 */
public final class DeliverySigner {

    public static final String WEBHOOK_ID = "webhook-id";
    public static final String WEBHOOK_TIMESTAMP = "webhook-timestamp";
    public static final String WEBHOOK_SIGNATURE = "webhook-signature";
    public static final String ROBOVIS_SIGNATURE = "X-RoboVis-Signature";

    /**
     * The signature headers for this body, or only the id and timestamp when there is no secret.
     */
    public static Map<String, String> headers(
            String id, long timestampSeconds, byte[] body, List<String> secrets) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(WEBHOOK_ID, id);
        headers.put(WEBHOOK_TIMESTAMP, Long.toString(timestampSeconds));
        if (secrets.isEmpty()) {
            return headers;
        }
        byte[] signed = signedContent(id, timestampSeconds, body);
        List<String> standard = new ArrayList<>();
        List<String> robovis = new ArrayList<>();
        for (String secret : secrets) {
            byte[] key = key(secret);
            standard.add("v1," + Base64.getEncoder().encodeToString(hmac(key, signed)));
            robovis.add("sha256=" + HexFormat.of().formatHex(hmac(key, body)));
        }
        headers.put(WEBHOOK_SIGNATURE, String.join(" ", standard));
        headers.put(ROBOVIS_SIGNATURE, String.join(", ", robovis));
        return headers;
    }

    /**
     * The HMAC key of a secret: whsec_ secrets are base64 after the prefix. The API refuses a
     * whsec_ secret that is not; one stored before it did is used as its UTF-8 bytes, so that its
     * deliveries are still signed rather than failing for ever.
     */
    public static byte[] key(String secret) {
        if (secret.startsWith("whsec_")) {
            try {
                return Base64.getDecoder().decode(secret.substring("whsec_".length()));
            } catch (IllegalArgumentException notBase64) {
                // falls through to the text of the secret
            }
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] signedContent(String id, long timestampSeconds, byte[] body) {
        byte[] prefix = (id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, content, 0, prefix.length);
        System.arraycopy(body, 0, content, prefix.length, body.length);
        return content;
    }

    private static byte[] hmac(byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private DeliverySigner() {}
}
