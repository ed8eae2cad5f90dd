package io.robovis.robot;

import static org.assertj.core.api.Assertions.assertThat;

import io.robovis.common.events.Topics;
import io.robovis.common.security.Role;
import io.robovis.common.security.TenantType;
import io.robovis.common.test.TestTokens;
import io.robovis.common.test.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/** Events in over HTTP and straight from Kafka; what is stored, what is rejected and why. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestTests extends RobotServiceTestSupport {

    final String ctor = unique("ctor");
    final String other = unique("ctor-other");
    final String cli = unique("cli");
    final String cli2 = unique("cli-two");
    final String robot = unique("R");
    final String foreign = unique("F");
    String ingest;
    @Autowired KafkaListenerEndpointRegistry listeners;

    @BeforeAll
    void fleet() {
        tenants(Map.of(ctor, "constructor", other, "constructor", cli, "client", cli2, "client"));
        provision(ctor, robot, cli, Map.of());
        provision(other, foreign, cli, Map.of());
        ingest = TestTokens.token(ctor, TenantType.CONSTRUCTOR, Role.INGEST);
    }

    long now() {
        return CLOCK.millis();
    }

    @Test
    void aBatchIsAcceptedEventByEventWithTheRejectedOnesNamedByIndex() {
        List<Object> batch = new ArrayList<>();
        batch.add(
                event(
                        robot,
                        now(),
                        "feature_used",
                        Map.of(
                                "session_id",
                                "s-1",
                                "feature",
                                "video_call",
                                "outcome",
                                "failure",
                                "duration_ms",
                                5400)));
        batch.add(Map.of("robot_id", robot, "ts_ms", now(), "type", "heartbeat")); // no event_id
        batch.add(event(robot, now(), "teleport", Map.of())); // unknown type
        batch.add(event(foreign, now(), "heartbeat", Map.of())); // another constructor's robot
        batch.add(event(unique("NOPE"), now(), "heartbeat", Map.of())); // never provisioned
        batch.add(
                event(robot, now(), "telemetry", Map.of("metrics", Map.of("battery_pct", "full"))));
        batch.add(
                event(
                        robot,
                        now(),
                        "error",
                        Map.of(
                                "error",
                                Map.of(
                                        "code",
                                        "E42",
                                        "component",
                                        "motor",
                                        "severity",
                                        "critical"))));
        send(ingest, batch)
                .expectStatus()
                .isAccepted()
                .expectBody()
                .jsonPath("$.accepted")
                .isEqualTo(2)
                .jsonPath("$.rejected[*].index")
                .isEqualTo(List.of(1, 2, 3, 4, 5))
                .jsonPath("$.rejected[0].code")
                .isEqualTo("missing_field")
                .jsonPath("$.rejected[1].code")
                .isEqualTo("unknown_type")
                .jsonPath("$.rejected[2].code")
                .isEqualTo("unknown_robot")
                .jsonPath("$.rejected[3].code")
                .isEqualTo("unknown_robot")
                .jsonPath("$.rejected[4].code")
                .isEqualTo("invalid_field");
    }

    @Test
    void theSameEventSentTwiceIsStoredOnce() {
        Map<String, Object> event =
                event(robot, now() - 1000, "status", Map.of("state", "charging"));
        send(ingest, List.of(event)).expectStatus().isAccepted();
        send(ingest, List.of(event, event)).expectStatus().isAccepted();
        String id = (String) event.get("event_id");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> count(id) == 1);
        // and stays once: give the projection the time to store a second copy if it would
        send(
                        ingest,
                        List.of(
                                Map.of(
                                        "event_id",
                                        UUID.randomUUID().toString(),
                                        "robot_id",
                                        robot,
                                        "ts_ms",
                                        now(),
                                        "type",
                                        "heartbeat")))
                .expectStatus()
                .isAccepted();
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> countRobotEvents("heartbeat") >= 1);
        assertThat(count(id)).isEqualTo(1);
    }

    @Test
    void anIdSentAgainWithAnotherTimeIsAnotherEvent() {
        // the same event is its robot, time and id (docs/events.md): a corrected event needs a
        // new id, and one that reuses an id is kept rather than silently dropped
        Map<String, Object> first = event(robot, now() - 5000, "status", Map.of("state", "idle"));
        Map<String, Object> second = new LinkedHashMap<>(first);
        second.put("ts_ms", (Long) first.get("ts_ms") + 1000);
        send(ingest, List.of(first, second)).expectStatus().isAccepted();
        String id = (String) first.get("event_id");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> count(id) == 2);
    }

    @Test
    void outOfOrderEventsAreServedNewestFirst() {
        String r = unique("ORD");
        provision(ctor, r, cli, Map.of());
        long t = now() - 60_000;
        send(
                        ingest,
                        List.of(
                                event(
                                        r,
                                        t + 3000,
                                        "journey_step",
                                        Map.of("session_id", "s-9", "step", "third")),
                                event(
                                        r,
                                        t + 1000,
                                        "journey_step",
                                        Map.of("session_id", "s-9", "step", "first")),
                                event(
                                        r,
                                        t + 2000,
                                        "journey_step",
                                        Map.of("session_id", "s-9", "step", "second")),
                                event(
                                        r,
                                        t + 500,
                                        "telemetry",
                                        Map.of("metrics", Map.of("battery_pct", 80)))))
                .expectStatus()
                .isAccepted();
        String token = TestTokens.clientAdmin(cli);
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> timeline(token, r, "types=journey_step").size() == 3);
        // by default: everything but telemetry and heartbeats, the online transition included
        assertThat(timeline(token, r, null))
                .extracting(e -> e.get("type") + ":" + e.get("step"))
                .containsExactly(
                        "robot.online:null",
                        "journey_step:third",
                        "journey_step:second",
                        "journey_step:first");
        assertThat(timeline(token, r, "types=telemetry")).hasSize(1);
        assertThat(timeline(token, r, "types=journey_step&limit=1").get(0).get("step"))
                .isEqualTo("third");
        assertThat(timeline(token, r, "from_ms=" + (t + 1500) + "&to_ms=" + (t + 2500)))
                .extracting(e -> e.get("step"))
                .containsExactly("second");
    }

    @Test
    void ndjsonIsAcceptedLineByLine() {
        String body =
                json.writeValueAsString(event(robot, now(), "heartbeat", Map.of()))
                        + "\n{not json\n"
                        + json.writeValueAsString(
                                event(robot, now(), "session_started", Map.of("session_id", "s-2")))
                        + "\n";
        client.post()
                .uri("/v1/robots/events")
                .header(HttpHeaders.AUTHORIZATION, bearer(ingest))
                .contentType(MediaType.parseMediaType("application/x-ndjson"))
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody()
                .jsonPath("$.accepted")
                .isEqualTo(2)
                .jsonPath("$.rejected[0].index")
                .isEqualTo(1)
                .jsonPath("$.rejected[0].code")
                .isEqualTo("invalid_json");
    }

    @Test
    void aBodyThatIsNotABatchIs400() {
        for (String body : List.of("", "{\"event_id\":1}", "[", "[]")) {
            client.post()
                    .uri("/v1/robots/events")
                    .header(HttpHeaders.AUTHORIZATION, bearer(ingest))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body)
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    @Test
    void moreThan5000EventsIs413() {
        List<Object> batch = new ArrayList<>();
        for (int i = 0; i < 5001; i++) {
            batch.add(Map.of("event_id", UUID.randomUUID().toString()));
        }
        send(ingest, batch)
                .expectStatus()
                .isEqualTo(413)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("batch_too_large");
    }

    @Test
    void aBodyOver5MiBIs413() {
        String padding = "x".repeat(1400);
        List<Object> batch = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            batch.add(event(robot, now(), "heartbeat", Map.of("attrs", Map.of("pad", padding))));
        }
        send(ingest, batch).expectStatus().isEqualTo(413);
    }

    @Test
    void onlyAConstructorsIngestOrAdminCredentialSendsEvents() {
        List<Object> batch = List.of(event(robot, now(), "heartbeat", Map.of()));
        send(TestTokens.clientAdmin(cli), batch).expectStatus().isForbidden();
        send(TestTokens.token(ctor, TenantType.CONSTRUCTOR, Role.VIEWER), batch)
                .expectStatus()
                .isForbidden();
        send(TestTokens.token(ctor, TenantType.CONSTRUCTOR, Role.ANALYST), batch)
                .expectStatus()
                .isForbidden();
        send(TestTokens.constructorAdmin(ctor), batch).expectStatus().isAccepted();
    }

    @Test
    void aTrustedProducerWritesStraightToKafkaAndInvalidRecordsGoToTheRejectedTopic() {
        Map<String, Object> valid =
                event(
                        robot,
                        now(),
                        "error",
                        Map.of(
                                "error",
                                Map.of("code", "E7", "component", "wifi", "severity", "warning")));
        TopicReader.send(
                Topics.ROBOT_EVENTS.name(),
                robot,
                json.writeValueAsString(valid),
                Map.of("ce_id", "x"));
        String bad =
                "{\"event_id\":\""
                        + UUID.randomUUID()
                        + "\",\"robot_id\":\""
                        + robot
                        + "\",\"type\":\"error\"}";
        TopicReader.send(Topics.ROBOT_EVENTS.name(), robot, bad, Map.of("origin", "edge-7"));
        TopicReader.send(Topics.ROBOT_EVENTS.name(), robot, "not json at all", Map.of());

        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> count((String) valid.get("event_id")) == 1);
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> {
                            List<ConsumerRecord<String, String>> rejected =
                                    TopicReader.all(Topics.ROBOT_EVENTS_REJECTED.name()).stream()
                                            .filter(r -> robot.equals(r.key()))
                                            .toList();
                            assertThat(rejected)
                                    .extracting(ConsumerRecord::value)
                                    .contains(bad, "not json at all");
                            ConsumerRecord<String, String> first =
                                    rejected.stream()
                                            .filter(r -> r.value().equals(bad))
                                            .findFirst()
                                            .orElseThrow();
                            assertThat(
                                            new String(
                                                    first.headers()
                                                            .lastHeader("robovis_reject_code")
                                                            .value()))
                                    .isEqualTo("missing_field");
                            assertThat(
                                            new String(
                                                    first.headers()
                                                            .lastHeader("robovis_reject_detail")
                                                            .value()))
                                    .contains("ts_ms");
                            assertThat(new String(first.headers().lastHeader("origin").value()))
                                    .isEqualTo("edge-7");
                        });
    }

    @Test
    void theProjectionWaitsForAMegabyteOfEventsOrHalfASecond() {
        assertThat(
                        listeners
                                .getListenerContainer("robot-service.projection")
                                .getContainerProperties()
                                .getKafkaConsumerProperties())
                .containsEntry("fetch.min.bytes", "1048576")
                .containsEntry("fetch.max.wait.ms", "500");
    }

    @Test
    void presenceAndLatestTelemetryFollowTheEvents() {
        String r = unique("TEL");
        provision(ctor, r, cli, Map.of());
        send(
                        ingest,
                        List.of(
                                event(
                                        r,
                                        now() - 2000,
                                        "telemetry",
                                        Map.of(
                                                "metrics",
                                                Map.of("battery_pct", 55, "motor_temp_c", 41.5))),
                                event(
                                        r,
                                        now() - 5000,
                                        "telemetry",
                                        Map.of("metrics", Map.of("battery_pct", 60)))))
                .expectStatus()
                .isAccepted();
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () ->
                                client.get()
                                        .uri("/v1/robots/" + r)
                                        .header(
                                                HttpHeaders.AUTHORIZATION,
                                                bearer(TestTokens.clientAdmin(cli)))
                                        .exchange()
                                        .expectBody()
                                        .jsonPath("$.status")
                                        .isEqualTo("online")
                                        .jsonPath("$.last_seen_ms")
                                        .isEqualTo(now() - 2000)
                                        .jsonPath("$.telemetry.metrics.battery_pct")
                                        .isEqualTo(55));
    }

    @Test
    void aReassignedRobotsNewClientDoesNotSeeWhatItDidForThePreviousOne() {
        String r = unique("MOVE");
        provision(ctor, r, cli, Map.of());
        send(ingest, List.of(event(r, now() - 5000, "status", Map.of("state", "before-move"))))
                .expectStatus()
                .isAccepted();
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> timeline(TestTokens.clientAdmin(cli), r, "types=status").size() == 1);
        client.patch()
                .uri("/v1/robots/" + r)
                .header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.constructorAdmin(ctor)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("client_id", cli2))
                .exchange()
                .expectStatus()
                .isOk();
        send(ingest, List.of(event(r, now() - 1000, "status", Map.of("state", "after-move"))))
                .expectStatus()
                .isAccepted();
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                timeline(TestTokens.constructorAdmin(ctor), r, "types=status")
                                                .size()
                                        == 2);
        assertThat(timeline(TestTokens.clientAdmin(cli2), r, "types=status"))
                .extracting(e -> e.get("state"))
                .containsExactly("after-move");
        client.get()
                .uri("/v1/client/robots/" + r + "/timeline")
                .header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.clientAdmin(cli)))
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    private long count(String eventId) {
        return db.sql("SELECT count(*) AS n FROM events WHERE event_id = :id::uuid")
                .bind("id", eventId)
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }

    private long countRobotEvents(String type) {
        return db.sql("SELECT count(*) AS n FROM events WHERE robot_id = :r AND type = :t")
                .bind("r", robot)
                .bind("t", type)
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }
}
