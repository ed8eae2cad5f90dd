package io.robovis.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.robovis.common.events.Topics;
import io.robovis.common.security.Role;
import io.robovis.common.security.TenantType;
import io.robovis.common.test.TestTokens;
import io.robovis.common.test.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Scheduled reports: the schedules API, and one report and one report.ready per period with two
 * instances producing at the same moment, a restart, and periods missed while down.
 */
class ReportTests extends InsightTestSupport {

    @Autowired ApplicationContext context;

    @Test
    void aTenantHasTheDailyDefaultAndItsAdminsChangeIt() {
        String cli = unique("cli");
        tenant(cli, "client", "fr");
        String admin = TestTokens.clientAdmin(cli);

        List<Map<String, Object>> schedules = schedules(admin);
        assertThat(schedules)
                .singleElement()
                .satisfies(
                        s -> {
                            assertThat(s)
                                    .containsEntry("schedule_id", "daily")
                                    .containsEntry("frequency", "daily")
                                    .containsEntry("at", "07:00")
                                    .containsEntry("enabled", true)
                                    .containsEntry("effective_timezone", "UTC");
                            assertThat((String) s.get("next_at")).endsWith("T07:00:00Z");
                        });

        List<Map<String, Object>> weekly =
                List.of(
                        Map.of(
                                "schedule_id",
                                "daily",
                                "frequency",
                                "daily",
                                "at",
                                "06:30",
                                "timezone",
                                "Europe/Paris"),
                        Map.of(
                                "schedule_id",
                                "weekly",
                                "frequency",
                                "weekly",
                                "at",
                                "08:00",
                                "weekday",
                                "monday"));
        put(admin, weekly).expectStatus().isOk();
        assertThat(schedules(admin))
                .extracting(
                        s ->
                                s.get("schedule_id")
                                        + " "
                                        + s.get("at")
                                        + " "
                                        + s.get("effective_timezone"))
                .containsExactly("daily 06:30 Europe/Paris", "weekly 08:00 UTC");

        String viewer = TestTokens.token(cli, TenantType.CLIENT, Role.VIEWER);
        put(viewer, weekly).expectStatus().isForbidden();
        put(admin, List.of()).expectStatus().isBadRequest();
        put(admin, List.of(Map.of("schedule_id", "x", "frequency", "hourly", "at", "25:00")))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("validation_failed")
                .jsonPath("$.errors[0].field")
                .isEqualTo("[0].frequency")
                .jsonPath("$.errors[1].field")
                .isEqualTo("[0].at");
        put(
                        admin,
                        List.of(
                                Map.of(
                                        "schedule_id",
                                        "d",
                                        "frequency",
                                        "daily",
                                        "at",
                                        "07:00",
                                        "timezone",
                                        "Mars/Olympus")))
                .expectStatus()
                .isBadRequest();
        // nothing changed by the refused requests
        assertThat(schedules(admin)).hasSize(2);
    }

    @Test
    void eachPeriodIsReportedOnceAcrossInstancesRestartsAndMissedRuns() {
        String ctor = unique("ctor");
        String cli = unique("cli");
        tenant(ctor, "constructor", "en");
        tenant(cli, "client", "en");
        String robot = unique("REP");
        robot(robot, ctor, cli, "site-1", "ehpad");
        Instant now = Instant.now();
        send(List.of(event(robot, now.toEpochMilli() - 1_000, "heartbeat", Map.of())));
        String admin = TestTokens.clientAdmin(cli);
        put(admin, List.of(Map.of("schedule_id", "midnight", "frequency", "daily", "at", "00:00")))
                .expectStatus()
                .isOk();

        io.robovis.insight.report.ReportJobAccess mine =
                new io.robovis.insight.report.ReportJobAccess(context);
        try (ConfigurableApplicationContext second = secondInstance(Map.of())) {
            var theirs = new io.robovis.insight.report.ReportJobAccess(second);
            long made =
                    Mono.zip(
                                    mine.produceDue(now, cli).subscribeOn(Schedulers.parallel()),
                                    theirs.produceDue(now, cli).subscribeOn(Schedulers.parallel()))
                            .map(t -> t.getT1() + t.getT2())
                            .block();
            assertThat(made).as("today's period, by one of the two").isEqualTo(1);
        }
        // a restart: a new instance finds the period done
        try (ConfigurableApplicationContext restarted = secondInstance(Map.of())) {
            var again = new io.robovis.insight.report.ReportJobAccess(restarted);
            assertThat(again.produceDue(now, cli).block()).isZero();
            // the service was down for days: the periods since the schedule began are produced
            Instant today = now.truncatedTo(ChronoUnit.DAYS);
            db.sql("UPDATE report_schedules SET created_at = :since WHERE tenant_id = :tenant")
                    .bind(
                            "since",
                            today.minus(Duration.ofDays(3))
                                    .plusSeconds(60)
                                    .atOffset(java.time.ZoneOffset.UTC))
                    .bind("tenant", cli)
                    .then()
                    .block();
            assertThat(again.produceDue(now, cli).block()).isEqualTo(2);
            assertThat(mine.produceDue(now, cli).block()).isZero();
        }

        List<Map<String, Object>> reports = reports(admin);
        assertThat(reports)
                .extracting(r -> (Object) ((Map<?, ?>) r.get("period")).get("to"))
                .containsExactly(
                        now.truncatedTo(ChronoUnit.DAYS).toString(),
                        now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1)).toString(),
                        now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2)).toString());
        // relayed from the outbox, then read from the topic
        awaitRows(
                "SELECT count(*) AS n FROM outbox WHERE ce_type = 'report.ready'"
                        + " AND record_key = '"
                        + cli
                        + "'",
                0);
        // one report.ready per report: the relay publishes at least once (a stopping instance
        // may leave a record it already sent), so a copy carries the same event id
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> readyByEventId(cli).size() == 3);
        Map<Object, Object> readyReports = readyByEventId(cli);
        assertThat(readyReports.values())
                .containsExactlyInAnyOrderElementsOf(
                        reports.stream().map(r -> (Object) r.get("report_id")).toList());
        readyReports.forEach(
                (eventId, reportId) -> assertThat(eventId).isEqualTo("report-ready-" + reportId));

        // one report: its period, its insights
        Map<?, ?> report =
                client.get()
                        .uri("/v1/reports/" + reports.get(0).get("report_id"))
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(Map.class)
                        .returnResult()
                        .getResponseBody();
        assertThat(report.get("status")).isEqualTo("ready");
        assertThat((List<?>) report.get("insights"))
                .extracting(i -> (Object) ((Map<?, ?>) i).get("kind"))
                .containsExactly(
                        "fleet_health", "friction_emerging_usage", "feature_adoption_report");
        assertThat((List<?>) report.get("insight_ids")).hasSize(3);
        // and nobody else's
        String other = TestTokens.clientAdmin(ctor);
        assertThat(reports(other)).isEmpty();
        client.get()
                .uri("/v1/reports/" + reports.get(0).get("report_id"))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + other)
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    /** The tenant's report.ready events on the topic: event id to report id. */
    private Map<Object, Object> readyByEventId(String tenant) {
        Map<Object, Object> byId = new java.util.HashMap<>();
        for (ConsumerRecord<String, String> r : TopicReader.all(Topics.PLATFORM_EVENTS.name())) {
            if (tenant.equals(r.key()) && r.value().contains("\"report.ready\"")) {
                Map<?, ?> event = json.readValue(r.value(), Map.class);
                Object reportId = ((Map<?, ?>) event.get("data")).get("report_id");
                Object before = byId.put(event.get("id"), reportId);
                assertThat(before).as("one report per event id").isIn(null, reportId);
            }
        }
        return byId;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> schedules(String token) {
        return client.get()
                .uri("/v1/reports/schedules")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(List.class)
                .returnResult()
                .getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> reports(String token) {
        return client.get()
                .uri("/v1/reports")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(List.class)
                .returnResult()
                .getResponseBody();
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec put(
            String token, List<Map<String, Object>> schedules) {
        return client.put()
                .uri("/v1/reports/schedules")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(schedules)
                .exchange();
    }
}
