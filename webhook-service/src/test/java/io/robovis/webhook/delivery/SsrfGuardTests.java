package io.robovis.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.robovis.webhook.webhook.SecretBox;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SSRF guard acts on the address a delivery connects to: IP literals and names alike, with a
 * real receiver listening on loopback to prove that nothing reached it.
 */
class SsrfGuardTests {

    private final Receiver receiver = new Receiver();

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void loopbackIsRefusedByLiteralAndByNameUnlessAllowed() {
        WebhookSender guarded = sender(List.of());
        Outcome literal = guarded.send(claim(receiver.url("/hook"))).block();
        assertThat(literal.statusCode()).isNull();
        assertThat(literal.error()).contains("refused by the SSRF guard").contains("loopback");

        Outcome byName =
                guarded.send(claim("http://localhost:" + receiver.port() + "/hook")).block();
        assertThat(byName.statusCode()).isNull();
        assertThat(byName.error()).contains("refused by the SSRF guard").contains("localhost");
        assertThat(receiver.requests("/hook")).isEmpty();

        WebhookSender allowed = sender(List.of("127.0.0.0/8"));
        assertThat(allowed.send(claim(receiver.url("/hook"))).block().statusCode()).isEqualTo(200);
        assertThat(
                        allowed.send(claim("http://localhost:" + receiver.port() + "/hook"))
                                .block()
                                .statusCode())
                .isEqualTo(200);
        assertThat(receiver.requests("/hook")).hasSize(2);
    }

    @Test
    void cloudMetadataAndPrivateRangesAreRefused() {
        WebhookSender guarded = sender(List.of("127.0.0.0/8"));
        assertThat(guarded.send(claim("http://169.254.169.254/latest/meta-data/")).block().error())
                .contains("link-local");
        assertThat(guarded.send(claim("http://10.1.2.3:8080/hook")).block().error())
                .contains("private");
        assertThat(guarded.send(claim("http://[::1]:" + receiver.port() + "/hook")).block().error())
                .contains("loopback");
        assertThat(
                        guarded.send(claim("http://0.0.0.0:" + receiver.port() + "/hook"))
                                .block()
                                .error())
                .contains("unspecified");
        assertThat(receiver.requests("/hook")).isEmpty();
    }

    @Test
    void redirectsAreNotFollowed() {
        receiver.answer(
                path ->
                        path.equals("/moved")
                                ? new Receiver.Answer(
                                        302,
                                        java.util.Map.of("Location", receiver.url("/target")),
                                        "",
                                        0)
                                : Receiver.Answer.ok());
        Outcome outcome =
                sender(List.of("127.0.0.0/8")).send(claim(receiver.url("/moved"))).block();
        assertThat(outcome.statusCode()).isEqualTo(302);
        assertThat(outcome.delivered()).isFalse();
        assertThat(receiver.requests("/target")).isEmpty();
    }

    @Test
    void aReceiverThatDoesNotAnswerTimesOut() {
        receiver.answer(path -> new Receiver.Answer(200, java.util.Map.of(), "", 5000));
        Outcome outcome = sender(List.of("127.0.0.0/8")).send(claim(receiver.url("/hang"))).block();
        assertThat(outcome.statusCode()).isNull();
        assertThat(outcome.error()).contains("no answer within 1 s");
    }

    private static WebhookSender sender(List<String> allowed) {
        DeliveryProperties properties =
                new DeliveryProperties(
                        allowed,
                        Duration.ofSeconds(1),
                        4,
                        100,
                        Duration.ofSeconds(60),
                        Duration.ofMillis(500),
                        List.of(Duration.ofSeconds(5)),
                        Duration.ofHours(1),
                        Duration.ofDays(5),
                        1024,
                        Duration.ofDays(30));
        return new WebhookSender(properties, new SecretBox("test-key"), Clock.systemUTC());
    }

    private static Claim claim(String url) {
        return new Claim(
                "whd_test",
                "wh_test",
                url,
                "robot.offline",
                "{\"event\":\"robot.offline\"}".getBytes(StandardCharsets.UTF_8),
                null,
                null,
                1,
                0,
                1L,
                Instant.now().plusSeconds(60));
    }
}
