package io.robovis.robot.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.robovis.common.events.Topics;
import io.robovis.common.security.Role;
import io.robovis.common.security.TenantType;
import io.robovis.common.test.TestInfrastructure;
import io.robovis.common.test.TestTokens;
import io.robovis.common.test.TopicReader;
import io.robovis.robot.RobotServiceApplication;
import io.robovis.robot.RobotServiceTestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Two robot-service instances scoring side by side announce each high-risk episode once. */
class TwoInstanceHealthTests extends RobotServiceTestSupport {

    static final int EPISODES = 8;

    @Autowired ApplicationContext context;

    static final long DAY = 86_400_000L;

    @Test
    void twoInstancesAnnounceEachEpisodeOnce() {
        String ctor = unique("ctor");
        String cli = unique("cli");
        tenants(Map.of(ctor, "constructor", cli, "client"));
        List<String> robots = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            robots.add(unique("TWOH"));
            provision(ctor, robots.get(i), cli, Map.of());
        }
        Map<String, Object> properties = new HashMap<>();
        TestInfrastructure.register((name, value) -> properties.put(name, value.get()));
        properties.put("server.port", "0");
        properties.put("robovis.health.check-every", "300ms");
        try (ConfigurableApplicationContext second =
                new SpringApplicationBuilder(
                                RobotServiceApplication.class,
                                RobotServiceTestSupport.ClockConfiguration.class)
                        .properties(properties)
                        .run()) {
            String ingest = TestTokens.token(ctor, TenantType.CONSTRUCTOR, Role.INGEST);
            long now = CLOCK.millis();
            for (String robot : robots) {
                List<Map<String, Object>> events = new ArrayList<>();
                for (long t = now - 8 * DAY; t < now; t += 1_800_000) {
                    double days = (t - (now - 8 * DAY)) / (double) DAY;
                    events.add(
                            event(
                                    robot,
                                    t,
                                    "telemetry",
                                    Map.of(
                                            "metrics",
                                            Map.of("battery_health_pct", 90 - 2.0 * days))));
                }
                send(ingest, events).expectStatus().isAccepted();
            }
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> announcements(robots).keySet().containsAll(robots));
            // each round forgets the scores (a new episode for every robot), then both instances
            // rescore everything at the same moment: one announcement per robot and round
            HealthJob mine = context.getBean(HealthJob.class);
            HealthJob theirs = second.getBean(HealthJob.class);
            for (int round = 1; round < EPISODES; round++) {
                db.sql("DELETE FROM robot_health WHERE robot_id = ANY(:ids)")
                        .bind("ids", robots.toArray(String[]::new))
                        .then()
                        .block();
                long at = CLOCK.millis();
                Mono.zip(
                                mine.rescoreAll(at).subscribeOn(Schedulers.parallel()),
                                theirs.rescoreAll(at).subscribeOn(Schedulers.parallel()))
                        .block();
                // the lock may have been with a periodic run: wait until the round is scored
                Awaitility.await()
                        .atMost(Duration.ofSeconds(20))
                        .until(() -> scored(robots) == robots.size());
            }
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .untilAsserted(
                            () ->
                                    assertThat(announcements(robots))
                                            .hasSize(robots.size())
                                            .allSatisfy(
                                                    (robot, count) ->
                                                            assertThat(count).isEqualTo(EPISODES)));
            assertThat(second.isRunning()).isTrue();
        }
    }

    private long scored(List<String> robots) {
        return db.sql("SELECT count(*) AS n FROM robot_health WHERE robot_id = ANY(:ids)")
                .bind("ids", robots.toArray(String[]::new))
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }

    private static Map<String, Long> announcements(List<String> robots) {
        return TopicReader.all(Topics.PLATFORM_EVENTS.name()).stream()
                .filter(r -> robots.contains(r.key()))
                .filter(r -> r.value().contains("\"prediction.high_risk\""))
                .collect(Collectors.groupingBy(r -> r.key(), Collectors.counting()));
    }
}
