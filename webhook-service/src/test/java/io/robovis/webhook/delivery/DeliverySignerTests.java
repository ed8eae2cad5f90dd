package io.robovis.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Signatures checked the way a receiver checks them: recomputed, compared in constant time. */
class DeliverySignerTests {

    static final byte[] SEED_PAYLOAD =
            ("{\"event\":\"insight.created\",\"timestamp\":\"2026-04-08T14:30:00Z\",\"tenant_id\":\"constructor-acme\","
                            + "\"data\":{\"insight_id\":\"ins_abc123\",\"kind\":\"friction_emerging_usage\",\"severity\":\"critical\"}}")
                    .getBytes(StandardCharsets.UTF_8);

    @Test
    void reproducesTheStandardWebhooksTestVector() {
        Map<String, String> headers =
                DeliverySigner.headers(
                        "msg_p5jXN8AQM9LWM0D4loKWxJek",
                        1614265330,
                        "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8),
                        List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        assertThat(headers.get(DeliverySigner.WEBHOOK_SIGNATURE))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aPlainSecretSignsBothSchemesAsAReceiverVerifiesThem() throws Exception {
        String secret = "votre_secret_hmac";
        Map<String, String> headers =
                DeliverySigner.headers("whd_1", 1775658600, SEED_PAYLOAD, List.of(secret));

        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        String signedContent =
                headers.get("webhook-id") + "." + headers.get("webhook-timestamp") + ".";
        byte[] expectedStandard =
                hmac(key, concat(signedContent.getBytes(StandardCharsets.UTF_8), SEED_PAYLOAD));
        byte[] received =
                Base64.getDecoder()
                        .decode(headers.get("webhook-signature").substring("v1,".length()));
        assertThat(MessageDigest.isEqual(expectedStandard, received)).isTrue();

        byte[] expectedRobovis = hmac(key, SEED_PAYLOAD);
        byte[] receivedRobovis =
                HexFormat.of()
                        .parseHex(headers.get("X-RoboVis-Signature").substring("sha256=".length()));
        assertThat(MessageDigest.isEqual(expectedRobovis, receivedRobovis)).isTrue();

        // one changed byte of the body and neither verifies
        byte[] tampered = SEED_PAYLOAD.clone();
        tampered[tampered.length - 3] = 'X';
        assertThat(MessageDigest.isEqual(hmac(key, tampered), receivedRobovis)).isFalse();
    }

    @Test
    void duringARotationBothSecretsSign() throws Exception {
        Map<String, String> headers =
                DeliverySigner.headers(
                        "whd_2",
                        1775658600,
                        SEED_PAYLOAD,
                        List.of("new-secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        String[] standard = headers.get("webhook-signature").split(" ");
        String[] robovis = headers.get("X-RoboVis-Signature").split(", ");
        assertThat(standard).hasSize(2).allMatch(s -> s.startsWith("v1,"));
        assertThat(robovis).hasSize(2).allMatch(s -> s.startsWith("sha256="));
        byte[] oldKey = Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(robovis[1])
                .isEqualTo("sha256=" + HexFormat.of().formatHex(hmac(oldKey, SEED_PAYLOAD)));
    }

    @Test
    void aStoredWhsecSecretThatIsNotBase64StillSignsWithItsText() {
        assertThat(DeliverySigner.key("whsec_demo_secret_123"))
                .isEqualTo(
                        "whsec_demo_secret_123".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(DeliverySigner.key("whsec_AAEC")).containsExactly(0, 1, 2);
    }

    @Test
    void withoutASecretNothingIsSigned() {
        assertThat(DeliverySigner.headers("whd_3", 1, SEED_PAYLOAD, List.of()))
                .containsOnlyKeys("webhook-id", "webhook-timestamp");
    }

    private static byte[] hmac(byte[] key, byte[] content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(content);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
