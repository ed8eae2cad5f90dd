package io.robovis.robot;

import static org.assertj.core.api.Assertions.assertThat;

import io.robovis.common.events.Topics;
import io.robovis.common.security.Role;
import io.robovis.common.security.TenantType;
import io.robovis.common.test.TestInfrastructure;
import io.robovis.common.test.TestTokens;
import io.robovis.common.test.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Offline after the timeout, online again on a fresh event, once per transition, with two
 * instances.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PresenceTests extends RobotServiceTestSupport {

    final String ctor = unique("ctor");
    final String cli = unique("cli");
    String ingest;

    @BeforeAll
    void tenantsExist() {
        tenants(Map.of(ctor, "constructor", cli, "client"));
        ingest = TestTokens.token(ctor, TenantType.CONSTRUCTOR, Role.INGEST);
    }

    @Test
    void silenceBeyondTheTimeoutEmitsOneOfflineAndAFreshEventOneOnline() {
        String robot = unique("P");
        provision(ctor, robot, cli, Map.of("offline_after_s", 30));
        send(ingest, List.of(event(robot, CLOCK.millis(), "heartbeat", Map.of())))
                .expectStatus()
                .isAccepted();
        awaitTransitions(robot, "robot.online", 1);

        CLOCK.advance(Duration.ofSeconds(31));
        awaitTransitions(robot, "robot.offline", 1);
        ConsumerRecord<String, String> offline = transitions(robot, "robot.offline").get(0);
        assertThat(offline.value())
                .contains("\"robot_id\":\"" + robot + "\"")
                .contains("\"client_id\":\"" + cli + "\"")
                .contains("\"offline_after_s\":30")
                .contains("\"tenants\":[\"" + cli + "\",\"" + ctor + "\"]");
        assertThat(new String(offline.headers().lastHeader("ce_type").value()))
                .isEqualTo("robot.offline");

        // a late upload (timestamps older than the timeout) writes history but does not bring it
        // back
        CLOCK.advance(Duration.ofMinutes(5));
        send(
                        ingest,
                        List.of(
                                event(
                                        robot,
                                        CLOCK.millis() - Duration.ofMinutes(10).toMillis(),
                                        "heartbeat",
                                        Map.of())))
                .expectStatus()
                .isAccepted();
        Awaitility.await()
                .during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .until(
                        () ->
                                transitions(robot, "robot.online").size() == 1
                                        && transitions(robot, "robot.offline").size() == 1);

        send(ingest, List.of(event(robot, CLOCK.millis(), "heartbeat", Map.of())))
                .expectStatus()
                .isAccepted();
        awaitTransitions(robot, "robot.online", 2);

        List<Map<String, Object>> timeline = timeline(TestTokens.clientAdmin(cli), robot, null);
        assertThat(timeline)
                .extracting(e -> e.get("type"))
                .containsExactly("robot.online", "robot.offline", "robot.online");
    }

    @Test
    void twoInstancesEmitEachTransitionOnce() {
        List<String> robots = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String robot = unique("TWO");
            robots.add(robot);
            provision(ctor, robot, cli, Map.of("offline_after_s", 60));
        }
        Map<String, Object> properties = new HashMap<>();
        TestInfrastructure.register((name, value) -> properties.put(name, value.get()));
        properties.put("server.port", "0");
        properties.put("robovis.presence.check-every", "100ms");
        properties.put("robovis.outbox.poll-interval", "50ms");
        try (ConfigurableApplicationContext second =
                new SpringApplicationBuilder(
                                RobotServiceApplication.class, ClockConfiguration.class)
                        .properties(properties)
                        .run()) {
            send(
                            ingest,
                            robots.stream()
                                    .map(
                                            r ->
                                                    (Object)
                                                            event(
                                                                    r,
                                                                    CLOCK.millis(),
                                                                    "heartbeat",
                                                                    Map.of()))
                                    .toList())
                    .expectStatus()
                    .isAccepted();
            for (String robot : robots) {
                awaitTransitions(robot, "robot.online", 1);
            }
            CLOCK.advance(Duration.ofSeconds(61));
            for (String robot : robots) {
                awaitTransitions(robot, "robot.offline", 1);
            }
            // and no instance emits a second one for any of them
            Awaitility.await()
                    .during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () -> {
                                Map<String, Long> offline =
                                        TopicReader.all(Topics.PLATFORM_EVENTS.name()).stream()
                                                .filter(r -> robots.contains(r.key()))
                                                .filter(
                                                        r ->
                                                                "robot.offline"
                                                                        .equals(
                                                                                new String(
                                                                                        r.headers()
                                                                                                .lastHeader(
                                                                                                        "ce_type")
                                                                                                .value())))
                                                .collect(
                                                        Collectors.groupingBy(
                                                                ConsumerRecord::key,
                                                                Collectors.counting()));
                                assertThat(offline).hasSize(robots.size());
                                assertThat(offline.values()).containsOnly(1L);
                            });
        }
    }

    private void awaitTransitions(String robot, String type, int count) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(transitions(robot, type)).hasSize(count));
    }

    private static List<ConsumerRecord<String, String>> transitions(String robot, String type) {
        return TopicReader.all(Topics.PLATFORM_EVENTS.name()).stream()
                .filter(r -> robot.equals(r.key()))
                .filter(r -> type.equals(new String(r.headers().lastHeader("ce_type").value())))
                .toList();
    }
}
