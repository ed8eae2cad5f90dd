package io.robovis.robot;

import static org.assertj.core.api.Assertions.assertThat;

import io.robovis.common.test.TestIdentity;
import io.robovis.common.test.TestInfrastructure;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * An ingest key, as robovis.ingest-keys.v1 carries it, is checked by robot-service itself: events
 * only for the robots and sites it covers (the others rejected with their index), other routes
 * refused, and once revoked refused by every instance within 60 s.
 */
class IngestKeyTests extends RobotServiceTestSupport {

    static int status(WebTestClient client, String key, List<?> events) {
        return client.post()
                .uri("/v1/robots/events")
                .header(HttpHeaders.AUTHORIZATION, bearer(key))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(events)
                .exchange()
                .returnResult(String.class)
                .getStatus()
                .value();
    }

    @Test
    void aKeySendsEventsOfTheRobotsAndSitesItCoversOnly() {
        String ctor = unique("ctor");
        String cli = unique("cli");
        tenants(Map.of(ctor, "constructor", cli, "client"));
        String listed = unique("R");
        String atSite = unique("R");
        String outside = unique("R");
        provision(ctor, listed, cli, Map.of("site", "site-a"));
        provision(ctor, atSite, cli, Map.of("site", "site-b"));
        provision(ctor, outside, cli, Map.of("site", "site-c"));
        String key =
                TestIdentity.publishKey(unique("ik"), ctor, List.of(listed), List.of("site-b"));
        // used at once, as a robot would: the key's record may still be on its way, it is waited
        // for
        List<Object> heartbeat = List.of(event(listed, CLOCK.millis(), "heartbeat", Map.of()));
        assertThat(status(client, key, heartbeat)).isEqualTo(202);

        send(
                        key,
                        List.of(
                                event(listed, CLOCK.millis(), "heartbeat", Map.of()),
                                event(outside, CLOCK.millis(), "heartbeat", Map.of()),
                                event(atSite, CLOCK.millis(), "heartbeat", Map.of())))
                .expectStatus()
                .isAccepted()
                .expectBody()
                .jsonPath("$.accepted")
                .isEqualTo(2)
                .jsonPath("$.rejected.length()")
                .isEqualTo(1)
                .jsonPath("$.rejected[0].index")
                .isEqualTo(1)
                .jsonPath("$.rejected[0].code")
                .isEqualTo("out_of_scope");

        // another constructor's robot is not this key's either
        client.get()
                .uri("/v1/robots")
                .header(HttpHeaders.AUTHORIZATION, bearer(key))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("ingest_key_route");
    }

    @Test
    void aRevokedKeyIsRefusedByBothInstances() {
        String ctor = unique("ctor");
        String cli = unique("cli");
        tenants(Map.of(ctor, "constructor", cli, "client"));
        String robot = unique("R");
        provision(ctor, robot, cli, Map.of());
        String keyId = unique("ik");
        String key = TestIdentity.publishKey(keyId, ctor, List.of(), List.of());
        List<Object> heartbeat = List.of(event(robot, CLOCK.millis(), "heartbeat", Map.of()));

        Map<String, Object> properties = new HashMap<>();
        TestInfrastructure.register((name, value) -> properties.put(name, value.get()));
        try (ConfigurableApplicationContext second =
                new SpringApplicationBuilder(
                                RobotServiceApplication.class, ClockConfiguration.class)
                        .properties(properties)
                        .run("--server.port=0")) {
            WebTestClient other =
                    WebTestClient.bindToServer()
                            .baseUrl(
                                    "http://127.0.0.1:"
                                            + second.getEnvironment()
                                                    .getProperty("local.server.port"))
                            .responseTimeout(Duration.ofSeconds(30))
                            .build();
            for (WebTestClient instance : List.of(client, other)) {
                Awaitility.await()
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> status(instance, key, heartbeat) == 202);
            }
            TestIdentity.revokeKey(keyId, ctor);
            for (WebTestClient instance : List.of(client, other)) {
                Awaitility.await()
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> status(instance, key, heartbeat) == 401);
            }
        }
        assertThat(status(client, key, heartbeat)).isEqualTo(401);
    }
}
