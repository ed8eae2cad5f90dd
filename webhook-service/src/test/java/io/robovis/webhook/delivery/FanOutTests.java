package io.robovis.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;

/** Platform events reach exactly the webhooks allowed and subscribed to them, signed. */
class FanOutTests extends DeliveryTestSupport {

    @Test
    void aRobotOfflineReachesTheClientAndItsConstructorSignedAsAReceiverChecksIt()
            throws Exception {
        String tenant = unique("client-alpha");
        String constructor = unique("constructor-acme");
        String plain = "votre_secret_hmac";
        String standard =
                "whsec_"
                        + Base64.getEncoder()
                                .encodeToString("a-32-byte-key-for-the-whsec-test".getBytes());
        String clientHook =
                webhook(tenant, receiver.url("/client"), List.of("robot.offline"), plain);
        String constructorHook =
                webhook(constructor, receiver.url("/constructor"), List.of("*"), standard);

        String eventId =
                publish("robot.offline", List.of(tenant, constructor), offline("BDY-042", tenant));

        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                receiver.requests("/client").size() == 1
                                        && receiver.requests("/constructor").size() == 1);
        Receiver.Request atClient = receiver.requests("/client").get(0);
        Map<String, Object> payload = json.readValue(atClient.body(), Map.class);
        assertThat(payload.keySet()).containsExactly("event", "timestamp", "tenant_id", "data");
        assertThat(payload)
                .containsEntry("event", "robot.offline")
                .containsEntry("tenant_id", tenant)
                .containsEntry(
                        "timestamp", CLOCK.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        assertThat((Map<String, Object>) payload.get("data"))
                .containsEntry("robot_id", "BDY-042")
                .containsEntry("client_id", tenant);
        assertThat(atClient.header("Content-Type")).isEqualTo("application/json");
        assertThat(atClient.header("User-Agent")).startsWith("RoboVis-Webhooks/");
        assertThat(atClient.header("X-RoboVis-Event")).isEqualTo("robot.offline");
        assertThat(atClient.header("webhook-id")).startsWith("whd_");
        assertSignedWith(atClient, plain.getBytes(StandardCharsets.UTF_8));

        Receiver.Request atConstructor = receiver.requests("/constructor").get(0);
        assertThat(json.readValue(atConstructor.body(), Map.class))
                .containsEntry("tenant_id", constructor);
        byte[] decoded = Base64.getDecoder().decode(standard.substring("whsec_".length()));
        assertSignedWith(atConstructor, decoded);
        // the whsec_ secret is not used as its text
        assertThat(verifies(atConstructor, standard.getBytes(StandardCharsets.UTF_8))).isFalse();

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> {
                            List<Map<String, Object>> log = log(tenant, clientHook);
                            assertThat(log).hasSize(1);
                            assertThat(log.get(0))
                                    .containsEntry("event", "robot.offline")
                                    .containsEntry("event_id", eventId)
                                    .containsEntry("status", "delivered");
                            List<Map<String, Object>> attempts =
                                    (List<Map<String, Object>>) log.get(0).get("attempts");
                            assertThat(attempts).hasSize(1);
                            assertThat(attempts.get(0))
                                    .containsEntry("status_code", 200)
                                    .containsEntry("response_body", "ok")
                                    .containsKeys("at", "duration_ms");
                        });
        assertThat(log(constructor, constructorHook)).hasSize(1);
    }

    @Test
    void tenantsNeverReceiveEachOthersEvents() {
        String alpha = unique("client-alpha");
        String beta = unique("client-beta");
        String acme = unique("constructor-acme");
        String other = unique("constructor-other");
        webhook(alpha, receiver.url("/alpha"), List.of("*"), null);
        webhook(beta, receiver.url("/beta"), List.of("*"), null);
        webhook(acme, receiver.url("/acme"), List.of("*"), null);
        webhook(other, receiver.url("/other"), List.of("*"), null);
        webhook(alpha, receiver.url("/alpha-insights"), List.of("insight.created"), null);

        // about a robot of beta: beta and acme only
        publish("robot.offline", List.of(beta, acme), offline("BDY-100", beta));
        // a fleet-wide event of acme: acme only
        publish("prediction.high_risk", List.of(acme), Map.of("robot_id", "BDY-101"));
        // a marker sent last to alpha, so that we know the others have been processed
        String marker = publish("robot.online", List.of(alpha), offline("BDY-102", alpha));

        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                receiver.requests("/alpha").size() == 1
                                        && receiver.requests("/beta").size() == 1
                                        && receiver.requests("/acme").size() == 2);
        assertThat(receiver.requests("/alpha").get(0).text()).contains("BDY-102");
        assertThat(receiver.requests("/beta").get(0).text()).contains("BDY-100");
        assertThat(receiver.requests("/acme"))
                .extracting(r -> r.header("X-RoboVis-Event"))
                .containsExactlyInAnyOrder("robot.offline", "prediction.high_risk");
        assertThat(receiver.requests("/other")).isEmpty();
        assertThat(receiver.requests("/alpha-insights")).isEmpty();
        assertThat(marker).isNotNull();
    }

    @Test
    void anEventPublishedTwiceIsDeliveredOnce() {
        String tenant = unique("client-alpha");
        String hook = webhook(tenant, receiver.url("/once"), List.of("robot.offline"), null);
        String id = publish("robot.offline", List.of(tenant), offline("BDY-042", tenant));
        publish(id, "robot.offline", List.of(tenant), offline("BDY-042", tenant));
        String next = publish("robot.offline", List.of(tenant), offline("BDY-043", tenant));

        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests("/once").size() >= 2);
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .until(() -> receiver.requests("/once").size() == 2);
        assertThat(log(tenant, hook))
                .extracting(d -> d.get("event_id"))
                .containsExactlyInAnyOrder(id, next);
    }

    @Test
    void eventsFromBeforeAWebhookExistedAreNotSentToIt() {
        String tenant = unique("client-alpha");
        Instant now = CLOCK.instant();
        CLOCK.set(now.minusSeconds(60));
        publish("robot.offline", List.of(tenant), offline("BDY-OLD", tenant));
        CLOCK.set(now);
        webhook(tenant, receiver.url("/new"), List.of("*"), null);
        publish("robot.offline", List.of(tenant), offline("BDY-NEW", tenant));

        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests("/new").size() == 1);
        assertThat(receiver.requests("/new").get(0).text()).contains("BDY-NEW");
    }

    @Test
    void theTestPingIsSentWhateverTheWebhookSubscribesTo() {
        String tenant = unique("client-alpha");
        String hook = webhook(tenant, receiver.url("/ping"), List.of("report.ready"), "s3cret");
        Map<String, Object> answer =
                postAs(tenant, "/v1/webhooks/" + hook + "/test")
                        .expectStatus()
                        .isAccepted()
                        .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                        .returnResult()
                        .getResponseBody();
        assertThat((String) answer.get("delivery_id")).startsWith("whd_");

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests("/ping").size() == 1);
        Receiver.Request ping = receiver.requests("/ping").get(0);
        assertThat(ping.header("X-RoboVis-Event")).isEqualTo("webhook.test");
        assertThat(ping.text()).contains("\"tenant_id\":\"" + tenant + "\"");
        assertSignedWith(ping, "s3cret".getBytes(StandardCharsets.UTF_8));

        // another tenant can neither ping it nor read its log
        String stranger = unique("client-beta");
        postAs(stranger, "/v1/webhooks/" + hook + "/test").expectStatus().isNotFound();
        getAs(stranger, "/v1/webhooks/" + hook + "/deliveries").expectStatus().isNotFound();
    }

    @Test
    void theDeliveryLogPagesNewestFirst() {
        String tenant = unique("client-alpha");
        String hook = webhook(tenant, receiver.url("/paged"), List.of("*"), null);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            CLOCK.advance(Duration.ofMillis(10));
            ids.add(publish("robot.offline", List.of(tenant), offline("BDY-" + i, tenant)));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests("/paged").size() == 5);

        var first =
                getAs(tenant, "/v1/webhooks/" + hook + "/deliveries?limit=3")
                        .expectStatus()
                        .isOk()
                        .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {})
                        .returnResult();
        assertThat(first.getResponseBody()).hasSize(3);
        String link = first.getResponseHeaders().getFirst(HttpHeaders.LINK);
        assertThat(link).contains("rel=\"next\"");
        String next = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        List<Map<String, Object>> second =
                getAs(tenant, next)
                        .expectStatus()
                        .isOk()
                        .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {})
                        .returnResult()
                        .getResponseBody();
        assertThat(second).hasSize(2);
        List<Object> all = new ArrayList<>();
        first.getResponseBody().forEach(d -> all.add(d.get("event_id")));
        second.forEach(d -> all.add(d.get("event_id")));
        assertThat(all).containsExactlyInAnyOrderElementsOf(ids);

        // the problem body is read: a response left unread holds its pooled connection
        getAs(tenant, "/v1/webhooks/" + hook + "/deliveries?limit=0")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("invalid_limit");
    }

    /** Checks both signature schemes the way a receiver does: its own HMAC, constant-time. */
    static void assertSignedWith(Receiver.Request request, byte[] key) {
        assertThat(verifies(request, key)).as("signatures verify with the secret").isTrue();
    }

    static boolean verifies(Receiver.Request request, byte[] key) {
        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        String standard = request.header("webhook-signature");
        String robovis = request.header("X-RoboVis-Signature");
        if (id == null || timestamp == null || standard == null || robovis == null) {
            return false;
        }
        long age = Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp));
        byte[] signedContent =
                (id + "." + timestamp + "." + request.text()).getBytes(StandardCharsets.UTF_8);
        byte[] expectedStandard = hmac(key, signedContent);
        boolean standardOk = false;
        for (String entry : standard.split(" ")) {
            String[] parts = entry.split(",", 2);
            if (parts[0].equals("v1")
                    && MessageDigest.isEqual(
                            Base64.getDecoder().decode(parts[1]), expectedStandard)) {
                standardOk = true;
            }
        }
        byte[] expectedRobovis = hmac(key, request.body());
        boolean robovisOk = false;
        for (String entry : robovis.split(",")) {
            String value = entry.trim();
            if (value.startsWith("sha256=")
                    && MessageDigest.isEqual(
                            HexFormat.of().parseHex(value.substring(7)), expectedRobovis)) {
                robovisOk = true;
            }
        }
        return standardOk && robovisOk && age < 300;
    }

    private static byte[] hmac(byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
