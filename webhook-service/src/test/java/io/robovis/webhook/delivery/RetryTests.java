package io.robovis.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;

/**
 * Failed attempts follow the retry schedule (moved through with the clock, never waited for),
 * receivers steer it with Retry-After and 410, and a webhook that keeps failing is disabled.
 */
class RetryTests extends DeliveryTestSupport {

    static final List<Duration> SCHEDULE =
            List.of(
                    Duration.ofSeconds(5),
                    Duration.ofMinutes(5),
                    Duration.ofMinutes(30),
                    Duration.ofHours(2),
                    Duration.ofHours(5),
                    Duration.ofHours(10),
                    Duration.ofHours(10));

    @Test
    void failuresAreRetriedOnTheScheduleWithJitterThenFail() {
        receiver.answer(path -> Receiver.Answer.status(500));
        String tenant = unique("client-alpha");
        String hook = webhook(tenant, receiver.url("/down"), List.of("robot.offline"), null);
        publish("robot.offline", List.of(tenant), offline("BDY-042", tenant));

        for (int attempt = 1; attempt <= SCHEDULE.size() + 1; attempt++) {
            int expected = attempt;
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> ((Number) row(hook).get("attempt_count")).intValue() == expected);
            Map<String, Object> row = row(hook);
            if (attempt <= SCHEDULE.size()) {
                Instant attemptedAt = CLOCK.instant();
                Duration delay = SCHEDULE.get(attempt - 1);
                Instant next = ((OffsetDateTime) row.get("next_attempt_at")).toInstant();
                assertThat(row)
                        .containsEntry("status", "pending")
                        .containsEntry("retry_step", attempt);
                assertThat(Duration.between(attemptedAt, next))
                        .isBetween(
                                Duration.ofMillis((long) (delay.toMillis() * 0.8)),
                                Duration.ofMillis((long) (delay.toMillis() * 1.2)));
                // nothing is sent before its time
                CLOCK.set(next.minusMillis(500));
                await().during(Duration.ofMillis(400))
                        .atMost(Duration.ofSeconds(2))
                        .until(() -> receiver.requests("/down").size() == expected);
                CLOCK.set(next.plusMillis(1));
            } else {
                assertThat(row).containsEntry("status", "failed");
            }
        }
        assertThat(receiver.requests("/down")).hasSize(SCHEDULE.size() + 1);
    }

    @Test
    void retryAfterOn429And503IsHonouredAndIgnoredOtherwise() {
        String tenant = unique("client-alpha");
        Instant now = CLOCK.instant();
        String date =
                DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        now.plusSeconds(600).atOffset(ZoneOffset.UTC));
        receiver.answer(
                path ->
                        switch (path) {
                            case "/busy" ->
                                    new Receiver.Answer(429, Map.of("Retry-After", "120"), "", 0);
                            case "/maintenance" ->
                                    new Receiver.Answer(503, Map.of("Retry-After", date), "", 0);
                            default ->
                                    new Receiver.Answer(500, Map.of("Retry-After", "3600"), "", 0);
                        });
        String busy = webhook(tenant, receiver.url("/busy"), List.of("*"), null);
        String maintenance = webhook(tenant, receiver.url("/maintenance"), List.of("*"), null);
        String broken = webhook(tenant, receiver.url("/broken"), List.of("*"), null);
        publish("robot.offline", List.of(tenant), offline("BDY-042", tenant));

        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                List.of(busy, maintenance, broken).stream()
                                        .allMatch(
                                                h ->
                                                        ((Number) row(h).get("attempt_count"))
                                                                        .intValue()
                                                                == 1));
        assertThat(next(busy)).isEqualTo(now.plusSeconds(120));
        assertThat(Duration.between(now, next(maintenance)).toSeconds()).isBetween(599L, 600L);
        assertThat(Duration.between(now, next(broken)))
                .isBetween(Duration.ofMillis(4000), Duration.ofMillis(6000));
    }

    @Test
    void a410DisablesTheWebhookWithItsReason() {
        receiver.answer(path -> Receiver.Answer.status(410));
        String tenant = unique("client-alpha");
        String hook = webhook(tenant, receiver.url("/gone"), List.of("*"), null);
        publish("robot.offline", List.of(tenant), offline("BDY-042", tenant));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> Boolean.FALSE.equals(webhookRow(hook).get("active")));
        assertThat(row(hook)).containsEntry("status", "failed");
        getAs(tenant, "/v1/webhooks/" + hook)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.active")
                .isEqualTo(false)
                .jsonPath("$.disabled_reason")
                .value(reason -> assertThat((String) reason).contains("410"));

        // a disabled webhook gets no new deliveries
        String marker = unique("marker");
        String markerHook = webhook(tenant, receiver.url("/marker"), List.of("*"), null);
        receiver.answer(path -> Receiver.Answer.ok());
        publish("robot.offline", List.of(tenant), offline(marker, tenant));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> receiver.requests("/marker").size() == 1);
        assertThat(receiver.requests("/gone")).hasSize(1);
        assertThat(markerHook).isNotNull();
    }

    @Test
    void aWebhookFailingForFiveDaysIsDisabledButOneSuccessResetsTheCount() {
        receiver.answer(
                path ->
                        path.equals("/healthy-in-between") && recovering
                                ? Receiver.Answer.ok()
                                : Receiver.Answer.status(500));
        String tenant = unique("client-alpha");
        String failing = webhook(tenant, receiver.url("/failing"), List.of("*"), null);
        String flaky = webhook(tenant, receiver.url("/healthy-in-between"), List.of("*"), null);
        Instant start = CLOCK.instant();
        publish("robot.offline", List.of(tenant), offline("BDY-1", tenant));
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                webhookRow(failing).get("failing_since") != null
                                        && webhookRow(flaky).get("failing_since") != null);

        // a day later the flaky one answers once
        CLOCK.set(start.plus(Duration.ofDays(1)));
        recovering = true;
        publish("robot.offline", List.of(tenant), offline("BDY-2", tenant));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> webhookRow(flaky).get("failing_since") == null);
        recovering = false;

        // five days after the first failure, both fail again
        CLOCK.set(start.plus(Duration.ofDays(5)).plusSeconds(1));
        publish("robot.offline", List.of(tenant), offline("BDY-3", tenant));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Boolean.FALSE.equals(webhookRow(failing).get("active")));
        assertThat((String) webhookRow(failing).get("disabled_reason"))
                .startsWith("deliveries failed continuously since");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> webhookRow(flaky).get("failing_since") != null);
        assertThat(webhookRow(flaky)).containsEntry("active", true);
    }

    private volatile boolean recovering;

    @Test
    void aFailedDeliveryCanBeRedelivered() {
        receiver.answer(path -> Receiver.Answer.status(500));
        String tenant = unique("client-alpha");
        String hook = webhook(tenant, receiver.url("/later"), List.of("*"), null);
        publish("robot.offline", List.of(tenant), offline("BDY-042", tenant));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> ((Number) row(hook).get("attempt_count")).intValue() == 1);
        String delivery = (String) log(tenant, hook).get(0).get("id");

        receiver.answer(path -> Receiver.Answer.ok());
        Map<String, Object> answer =
                postAs(tenant, "/v1/webhooks/" + hook + "/deliveries/" + delivery + "/redeliver")
                        .expectStatus()
                        .isAccepted()
                        .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                        .returnResult()
                        .getResponseBody();
        assertThat(answer).containsEntry("id", delivery).containsEntry("status", "pending");
        // the answer keeps the log of the attempts so far
        assertThat((List<?>) answer.get("attempts")).hasSize(1);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> {
                            Map<String, Object> entry = log(tenant, hook).get(0);
                            assertThat(entry).containsEntry("status", "delivered");
                            assertThat((List<Map<String, Object>>) entry.get("attempts"))
                                    .extracting(a -> a.get("status_code"))
                                    .containsExactly(500, 200);
                        });

        postAs(tenant, "/v1/webhooks/" + hook + "/deliveries/whd_unknown/redeliver")
                .expectStatus()
                .isNotFound();
        postAs(
                        unique("client-beta"),
                        "/v1/webhooks/" + hook + "/deliveries/" + delivery + "/redeliver")
                .expectStatus()
                .isNotFound();
    }

    @Test
    void aSlowReceiverHoldsOnlyItsOwnLane() {
        receiver.answer(
                path ->
                        path.equals("/slow")
                                ? new Receiver.Answer(200, Map.of(), "", 1000)
                                : Receiver.Answer.ok());
        String tenant = unique("client-alpha");
        webhook(tenant, receiver.url("/slow"), List.of("*"), null);
        webhook(tenant, receiver.url("/fast"), List.of("*"), null);
        for (int i = 0; i < 20; i++) {
            publish("robot.offline", List.of(tenant), offline("BDY-" + i, tenant));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests("/fast").size() == 20);
        // 20 requests of one second, four at a time: the slow lane is far from done
        assertThat(receiver.requests("/slow").size()).isLessThan(20);
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests("/slow").size() == 20);
        assertThat(receiver.maxInFlight("/slow")).isEqualTo(4);
    }

    private Instant next(String hook) {
        return ((OffsetDateTime) row(hook).get("next_attempt_at")).toInstant();
    }
}
