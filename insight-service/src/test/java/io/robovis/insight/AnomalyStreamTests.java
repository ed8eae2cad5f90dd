package io.robovis.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.robovis.common.events.TenantRecord;
import io.robovis.common.events.Topics;
import io.robovis.common.security.Role;
import io.robovis.common.security.TenantType;
import io.robovis.common.test.TestEvents;
import io.robovis.common.test.TestTokens;
import io.robovis.common.test.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;

/**
 * Streaming anomaly detection through Kafka: robots with four days of quiet history, then a burst
 * of errors; each burst is one stored critical episode and one anomaly.critical, with two instances
 * sharing the stream (the second joins mid-way, so partitions move under it) and the whole stream
 * sent twice.
 */
class AnomalyStreamTests extends InsightTestSupport {

    static final long MINUTE = 60_000L;
    static final long DAY = 86_400_000L;

    /** Four days of a heartbeat and a telemetry point every 5 minutes, then 12 lidar errors. */
    static List<Map<String, Object>> history(String robot, long now) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (long t = now - 4 * DAY; t < now - 30 * MINUTE; t += 5 * MINUTE) {
            events.add(
                    event(robot, t, "telemetry", Map.of("metrics", Map.of("motor_temp_c", 34.0))));
        }
        return events;
    }

    static List<Map<String, Object>> burst(String robot, long now) {
        List<Map<String, Object>> events = new ArrayList<>();
        long start = now - 30 * MINUTE;
        start -= start % (5 * MINUTE);
        for (int i = 0; i < 12; i++) {
            events.add(TestEvents.error(robot, start + i * 10_000, "lidar", "warning"));
        }
        // later buckets close the burst's
        for (long t = start + 5 * MINUTE; t < now; t += 5 * MINUTE) {
            events.add(
                    event(robot, t, "telemetry", Map.of("metrics", Map.of("motor_temp_c", 34.0))));
        }
        return events;
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachBurstIsOneCriticalEpisodeAnnouncedOnceWithTwoInstances() {
        String ctor = unique("ctor");
        String cli = unique("cli");
        tenant(ctor, "constructor", "en");
        tenant(cli, "client", "en");
        List<String> robots = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            robots.add(unique("ANOM"));
            robot(robots.get(i), ctor, cli, "site-1", "ehpad");
        }
        long now = System.currentTimeMillis();
        List<Map<String, Object>> history = new ArrayList<>();
        List<Map<String, Object>> bursts = new ArrayList<>();
        robots.forEach(
                r -> {
                    history.addAll(history(r, now));
                    bursts.addAll(burst(r, now));
                });
        publish(history);

        try (ConfigurableApplicationContext second = secondInstance(Map.of())) {
            publish(bursts);
            publish(history); // the same events again: they count once
            publish(bursts);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> announcements(robots).size() == robots.size());
            assertThat(second.isRunning()).isTrue();
        }
        // every robot's burst: one critical episode, one anomaly.critical
        awaitRows(
                "SELECT count(*) AS n FROM anomalies WHERE robot_id IN ("
                        + robots.stream().map(r -> "'" + r + "'").collect(Collectors.joining(","))
                        + ") AND severity = 'critical' AND signal = 'errors:lidar'",
                robots.size());
        Map<String, List<ConsumerRecord<String, String>>> announced = announcements(robots);
        assertThat(announced).hasSize(robots.size());
        announced.forEach(
                (robot, records) -> {
                    // one event; the relay publishes at least once, a copy has the same id
                    assertThat(
                                    records.stream()
                                            .map(
                                                    r ->
                                                            json.readValue(r.value(), Map.class)
                                                                    .get("id"))
                                            .distinct())
                            .as(robot)
                            .hasSize(1);
                    Map<?, ?> event = json.readValue(records.get(0).value(), Map.class);
                    Map<?, ?> data = (Map<?, ?>) event.get("data");
                    assertThat(data.get("robot_id")).isEqualTo(robot);
                    assertThat(data.get("signal")).isEqualTo("errors:lidar");
                    assertThat(((Number) data.get("value")).doubleValue()).isGreaterThan(10);
                    assertThat(((Number) data.get("baseline")).doubleValue()).isLessThan(1);
                    assertThat(((Number) data.get("score")).doubleValue()).isGreaterThan(4.25);
                    assertThat((String) data.get("started_at")).endsWith("Z");
                    assertThat((List<Object>) event.get("tenants"))
                            .containsExactlyInAnyOrder(cli, ctor);
                });
        // nothing about the quiet telemetry
        awaitRows(
                "SELECT count(*) AS n FROM anomalies WHERE robot_id IN ("
                        + robots.stream().map(r -> "'" + r + "'").collect(Collectors.joining(","))
                        + ")",
                robots.size());
    }

    @Test
    void anomaliesAreListedToTheTenantsThatMaySeeThem() {
        String ctor = unique("ctor");
        String alpha = unique("alpha");
        String beta = unique("beta");
        tenant(ctor, "constructor", "en");
        tenant(alpha, "client", "en");
        tenant(beta, "client", "en");
        String a = unique("ANOM");
        String b = unique("ANOM");
        robot(a, ctor, alpha, "site-a", "ehpad");
        robot(b, ctor, beta, "site-b", "school");
        long now = System.currentTimeMillis();
        List<Map<String, Object>> events = new ArrayList<>(history(a, now));
        events.addAll(history(b, now));
        events.addAll(burst(a, now));
        events.addAll(burst(b, now));
        publish(events);
        awaitRows(
                "SELECT count(*) AS n FROM anomalies WHERE robot_id IN ('"
                        + a
                        + "','"
                        + b
                        + "') AND severity = 'critical'",
                2);

        List<Map<String, Object>> alphaSees = anomalies(TestTokens.clientAdmin(alpha), "");
        assertThat(alphaSees).extracting(m -> m.get("robot_id")).containsExactly(a);
        Map<String, Object> one = alphaSees.get(0);
        assertThat(one)
                .containsEntry("signal", "errors:lidar")
                .containsEntry("unit", "errors_per_hour")
                .containsEntry("severity", "critical")
                .containsKeys("anomaly_id", "started_at", "critical_at", "value", "baseline");
        assertThat(anomalies(TestTokens.clientAdmin(beta), ""))
                .extracting(m -> m.get("robot_id"))
                .containsExactly(b);
        String viewer = TestTokens.token(ctor, TenantType.CONSTRUCTOR, Role.VIEWER);
        assertThat(anomalies(viewer, "?robot_id=" + a + "&severity=critical"))
                .extracting(m -> m.get("robot_id"))
                .containsExactly(a);
        assertThat(anomalies(viewer, "?severity=critical&limit=500"))
                .extracting(m -> m.get("robot_id"))
                .contains(a, b);
        // beta cannot read alpha's anomaly, nor a window before it
        client.get()
                .uri("/v1/anomalies/" + one.get("anomaly_id"))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.clientAdmin(beta))
                .exchange()
                .expectStatus()
                .isNotFound();
        assertThat(anomalies(TestTokens.clientAdmin(alpha), "?to=2020-01-01")).isEmpty();
        client.get()
                .uri("/v1/anomalies?severity=huge")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.clientAdmin(alpha))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("invalid_severity");
        // the robot's insights cite the episode
        for (String kind : List.of("robot_anomaly", "daily_digest")) {
            Map<String, Object> insight =
                    analyzed(TestTokens.clientAdmin(alpha), Map.of("kind", kind, "robot_id", a));
            Map<?, ?> facts = (Map<?, ?>) insight.get("facts");
            assertThat((List<?>) facts.get("episodes"))
                    .as(kind)
                    .singleElement()
                    .satisfies(
                            e -> {
                                assertThat(((Map<?, ?>) e).get("anomaly_id"))
                                        .isEqualTo(one.get("anomaly_id"));
                                assertThat(((Map<?, ?>) e).get("signal")).isEqualTo("errors:lidar");
                            });
            assertThat(insight.get("severity")).as(kind).isEqualTo("critical");
        }
        client.get()
                .uri("/v1/anomalies?from=yesterday")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.clientAdmin(alpha))
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void aTenantThatAsksForItGetsARobotAnomalyInsightForEachCriticalEpisode() {
        String ctor = unique("ctor");
        String cli = unique("cli");
        tenant(ctor, "constructor", "en");
        TopicReader.send(
                Topics.TENANTS.name(),
                cli,
                json.writeValueAsString(
                        new TenantRecord(
                                cli,
                                "client",
                                cli,
                                "UTC",
                                "fr",
                                300,
                                null,
                                null,
                                365,
                                true,
                                java.time.Instant.now().toString())),
                Map.of());
        awaitRows(
                "SELECT count(*) AS n FROM tenants WHERE tenant_id = '"
                        + cli
                        + "' AND anomaly_insights",
                1);
        String robot = unique("ANOM");
        robot(robot, ctor, cli, "site-1", "home");
        long now = System.currentTimeMillis();
        List<Map<String, Object>> events = new ArrayList<>(history(robot, now));
        events.addAll(burst(robot, now));
        publish(events);

        // the client asked for it, the constructor did not
        awaitRows(
                "SELECT count(*) AS n FROM insights WHERE kind = 'robot_anomaly' AND robot_id = '"
                        + robot
                        + "' AND tenant_id = '"
                        + cli
                        + "' AND facts->'episodes'->0->>'signal' = 'errors:lidar'",
                1);
        awaitRows(
                "SELECT count(*) AS n FROM anomaly_insight_requests WHERE robot_id = '"
                        + robot
                        + "'",
                0);
        // one insight in all, in the client's language, as severe as the episode
        awaitRows(
                "SELECT count(*) AS n FROM insights WHERE robot_id = '"
                        + robot
                        + "' AND language = 'fr' AND severity = 'critical'",
                1);
        awaitRows("SELECT count(*) AS n FROM insights WHERE robot_id = '" + robot + "'", 1);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> anomalies(String token, String query) {
        return client.get()
                .uri("/v1/anomalies" + query)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(List.class)
                .returnResult()
                .getResponseBody();
    }

    private static Map<String, List<ConsumerRecord<String, String>>> announcements(
            List<String> robots) {
        return TopicReader.all(Topics.PLATFORM_EVENTS.name()).stream()
                .filter(r -> robots.contains(r.key()))
                .filter(r -> r.value().contains("\"anomaly.critical\""))
                .collect(Collectors.groupingBy(ConsumerRecord::key));
    }
}
