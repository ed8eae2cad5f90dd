package io.robovis.robot.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.luben.zstd.ZstdInputStream;
import io.robovis.common.events.Topics;
import io.robovis.common.security.Role;
import io.robovis.common.security.TenantType;
import io.robovis.common.test.TestTokens;
import io.robovis.common.test.TopicReader;
import io.robovis.robot.RobotServiceTestSupport;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;

/**
 * Events through the API → hourly rollups → scores → the fleet-health and predictions routes, the
 * robot-health topic and one prediction.high_risk per episode; every route scoped to the caller.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetHealthTests extends RobotServiceTestSupport {

    @Value("${local.server.port}")
    int port;

    static final long DAY = 86_400_000L;

    final String ctor = unique("ctor");
    final String otherCtor = unique("ctor-other");
    final String alpha = unique("client-alpha");
    final String beta = unique("client-beta");
    final String fading = unique("FADE");
    final String healthy = unique("OK");
    final String betaRobot = unique("BETA");
    final String foreign = unique("FOREIGN");

    @BeforeAll
    void fleet() {
        tenants(
                Map.of(
                        ctor,
                        "constructor",
                        otherCtor,
                        "constructor",
                        alpha,
                        "client",
                        beta,
                        "client"));
        provision(ctor, fading, alpha, Map.of());
        provision(ctor, healthy, alpha, Map.of("site", "site-2"));
        provision(ctor, betaRobot, beta, Map.of());
        provision(otherCtor, foreign, alpha, Map.of());
        String ingest = TestTokens.token(ctor, TenantType.CONSTRUCTOR, Role.INGEST);
        String otherIngest = TestTokens.token(otherCtor, TenantType.CONSTRUCTOR, Role.INGEST);
        long now = CLOCK.millis();
        // eight days of telemetry every 10 minutes; the fading battery loses 2 points a day
        send(ingest, telemetry(fading, now, 2.0, 1));
        send(ingest, telemetry(healthy, now, 0.0, 2));
        send(ingest, telemetry(betaRobot, now, 0.0, 3));
        send(otherIngest, telemetry(foreign, now, 0.0, 4));
    }

    List<Map<String, Object>> telemetry(String robot, long now, double fadePerDay, long seed) {
        Random random = new Random(seed);
        List<Map<String, Object>> events = new ArrayList<>();
        for (long t = now - 8 * DAY; t < now; t += 600_000) {
            double days = (t - (now - 8 * DAY)) / (double) DAY;
            events.add(
                    event(
                            robot,
                            t,
                            "telemetry",
                            Map.of(
                                    "metrics",
                                    Map.of(
                                            "battery_health_pct",
                                            92 - fadePerDay * days + random.nextGaussian() * 0.05,
                                            "motor_temp_c",
                                            40 + random.nextGaussian(),
                                            "cpu_temp_c",
                                            50 + random.nextGaussian(),
                                            "wifi_rssi_dbm",
                                            -55 + random.nextGaussian()))));
        }
        return events;
    }

    List<Map<String, Object>> get(String token, String uri) {
        return client.get()
                .uri(uri)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {})
                .returnResult()
                .getResponseBody();
    }

    @Test
    void aFadingBatteryIsAHighRiskAndItsClientSeesItFirst() {
        String token = TestTokens.clientAdmin(alpha);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> {
                            List<Map<String, Object>> fleet = get(token, "/v1/client/fleet-health");
                            assertThat(fleet)
                                    .extracting(r -> r.get("robot_id"))
                                    .containsExactlyInAnyOrder(fading, healthy, foreign);
                            assertThat(fleet.get(0))
                                    .containsEntry("robot_id", fading)
                                    .containsEntry("risk_level", "high")
                                    .containsEntry("predicted_failure", "battery");
                        });
        List<Map<String, Object>> fleet = get(token, "/v1/client/fleet-health");
        assertThat(fleet.get(0).keySet())
                .startsWith("robot_id", "health_score", "risk_level", "predicted_failure")
                .contains("online", "last_seen_ms", "site", "computed_at")
                .doesNotContain("drivers");
        List<Map<String, Object>> drivers =
                (List<Map<String, Object>>)
                        get(token, "/v1/client/fleet-health?include=drivers").get(0).get("drivers");
        assertThat(drivers.get(0))
                .containsEntry("component", "battery")
                .containsKeys("score", "probability", "evidence");
        Map<String, Object> ok =
                fleet.stream()
                        .filter(r -> healthy.equals(r.get("robot_id")))
                        .findFirst()
                        .orElseThrow();
        assertThat((Integer) fleet.get(0).get("health_score"))
                .isLessThan((Integer) ok.get("health_score"));
        assertThat(ok)
                .containsEntry("risk_level", "low")
                .containsEntry("predicted_failure", "none");

        List<Map<String, Object>> predictions = get(token, "/v1/client/predictions");
        assertThat(predictions).isNotEmpty();
        Map<String, Object> top = predictions.get(0);
        assertThat(top)
                .containsEntry("robot_id", fading)
                .containsEntry("component", "battery")
                .containsEntry("risk_level", "high")
                .containsEntry("horizon_days", 14)
                .containsKeys("expected_at", "computed_at");
        assertThat((Double) top.get("probability")).isGreaterThanOrEqualTo(0.7);
        List<Map<String, Object>> evidence = (List<Map<String, Object>>) top.get("evidence");
        assertThat(evidence.get(0))
                .containsEntry("metric", "battery_health_pct")
                .containsEntry("threshold", 70.0);
        assertThat((Double) evidence.get(0).get("trend_per_day")).isBetween(-2.4, -1.6);
        assertThat(predictions).extracting(p -> p.get("robot_id")).doesNotContain(healthy);

        // filters
        assertThat(get(token, "/v1/client/fleet-health?site=site-2"))
                .extracting(r -> r.get("robot_id"))
                .containsExactly(healthy);
        assertThat(get(token, "/v1/client/fleet-health?risk_level=high"))
                .extracting(r -> r.get("robot_id"))
                .containsExactly(fading);
        assertThat(get(token, "/v1/client/predictions?min_probability=0.5"))
                .extracting(p -> p.get("robot_id"))
                .containsExactly(fading);
        assertThat(get(token, "/v1/client/predictions?min_probability=1")).isEmpty();
    }

    /** 300 scored robots of a new client, with scores, probabilities and presence mixed. */
    void scoredFleet(String client, String ctor) {
        db.sql(
                        """
                        INSERT INTO robots (robot_id, constructor_id, client_id, provisioned_at,
                                            updated_at, online, last_seen_ms)
                        SELECT :client || '-' || md5(i::text), :ctor, :client, now(), now(),
                               -- online only when never seen: the presence sweep leaves those be,
                               -- so answers taken one after the other stay the same
                               i % 6 = 0, CASE WHEN i % 3 = 0 THEN NULL ELSE 1700000000000 + i END
                        FROM generate_series(1, 300) i
                        """)
                .bind("client", client)
                .bind("ctor", ctor)
                .then()
                .block();
        db.sql(
                        """
                        INSERT INTO robot_health (robot_id, constructor_id, client_id, site,
                            health_score, risk_level, predicted_failure, probability, confidence,
                            components, computed_at_ms, entry_open)
                        SELECT robot_id, constructor_id, client_id, 'site-1', s, 'low', 'none', p,
                               0.9, '[]', 0,
                               left(json_build_object('robot_id', robot_id, 'health_score', s,
                                                      'probability', p)::text, -1)
                        FROM (SELECT robot_id, constructor_id, client_id,
                                     30 * (1 + abs(hashtext(robot_id)) % 3) AS s,
                                     (abs(hashtext(robot_id || 'p')) % 4) / 10.0 AS p
                              FROM robots WHERE client_id = :client) x
                        """)
                .bind("client", client)
                .then()
                .block();
    }

    /**
     * 300 stored entries with many ties: the whole answer, for the client and for its constructor,
     * comes in the index's order (health score, then probability descending, then robot id), each
     * entry closed with its robot's presence.
     */
    @Test
    void theWholeAnswerIsWorstFirstTiesByProbabilityThenRobotId() {
        String client = unique("client-order");
        String ctor = unique("ctor-order");
        scoredFleet(client, ctor);

        Comparator<Map<String, Object>> worstFirst =
                Comparator.<Map<String, Object>>comparingInt(
                                r -> ((Number) r.get("health_score")).intValue())
                        .thenComparing(
                                r -> ((Number) r.get("probability")).doubleValue(),
                                Comparator.reverseOrder())
                        .thenComparing(r -> (String) r.get("robot_id"));
        for (String[] caller :
                new String[][] {
                    {TestTokens.clientAdmin(client), "/v1/client/fleet-health?limit=1000"},
                    {
                        TestTokens.token(ctor, TenantType.CONSTRUCTOR, Role.ADMIN),
                        "/v1/fleet-health?limit=1000&client_id=" + client
                    }
                }) {
            List<Map<String, Object>> fleet = get(caller[0], caller[1]);
            assertThat(fleet).hasSize(300).isSortedAccordingTo(worstFirst);
            for (Map<String, Object> r : fleet) {
                assertThat(r).containsKeys("online", "last_seen_ms");
            }
            assertThat(fleet).extracting(r -> r.get("online")).contains(true, false);
            assertThat(fleet).extracting(r -> r.get("last_seen_ms")).containsNull();
        }
    }

    @Test
    void aClientThatAcceptsCompressionGetsTheSameAnswerCompressed() throws Exception {
        String client = unique("client-gzip");
        scoredFleet(client, unique("ctor-gzip"));
        String token = TestTokens.clientAdmin(client);
        // the JDK client sends Accept-Encoding only when told and never inflates by itself
        HttpResponse<byte[]> plain = fleetHealthBytes(token, null);
        HttpResponse<byte[]> gzipped = fleetHealthBytes(token, "gzip");
        HttpResponse<byte[]> zstd = fleetHealthBytes(token, "zstd, gzip");

        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        String text = new String(plain.body(), StandardCharsets.UTF_8);
        assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(zstd.headers().firstValue("Content-Encoding")).contains("zstd");
        for (var compressed :
                List.of(
                        new GZIPInputStream(new ByteArrayInputStream(gzipped.body())),
                        new ZstdInputStream(new ByteArrayInputStream(zstd.body())))) {
            try (InputStream in = compressed) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(text);
            }
        }
        assertThat(gzipped.body().length).isLessThan(plain.body().length / 4);
    }

    private HttpResponse<byte[]> fleetHealthBytes(String token, String acceptEncoding)
            throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/v1/client/fleet-health"))
                        .header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(30));
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        HttpResponse<byte[]> response =
                HttpClient.newHttpClient()
                        .send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response;
    }

    @Test
    void everyRouteIsScopedToTheCaller() {
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () ->
                                get(TestTokens.clientAdmin(beta), "/v1/client/fleet-health").size()
                                        == 1);
        assertThat(get(TestTokens.clientAdmin(beta), "/v1/client/fleet-health"))
                .extracting(r -> r.get("robot_id"))
                .containsExactly(betaRobot);
        assertThat(get(TestTokens.clientAdmin(beta), "/v1/client/predictions"))
                .extracting(r -> r.get("robot_id"))
                .doesNotContain(fading, healthy, foreign);

        String constructor = TestTokens.constructorAdmin(ctor);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> get(constructor, "/v1/fleet-health").size() == 3);
        assertThat(get(constructor, "/v1/fleet-health"))
                .extracting(r -> r.get("robot_id"))
                .containsExactlyInAnyOrder(fading, healthy, betaRobot);
        assertThat(get(constructor, "/v1/fleet-health?client_id=" + beta))
                .extracting(r -> r.get("robot_id"))
                .containsExactly(betaRobot);
        assertThat(get(TestTokens.constructorAdmin(otherCtor), "/v1/fleet-health"))
                .extracting(r -> r.get("robot_id"))
                .containsExactly(foreign);

        client.get()
                .uri("/v1/client/fleet-health")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + constructor)
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("GET /v1/fleet-health"));
        client.get()
                .uri("/v1/client/predictions")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + constructor)
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("GET /v1/predictions"));
        client.get()
                .uri("/v1/fleet-health")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.clientAdmin(alpha))
                .exchange()
                .expectStatus()
                .isForbidden();
        client.get()
                .uri("/v1/client/predictions?min_probability=2")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.clientAdmin(alpha))
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void aHighRiskEpisodeIsAnnouncedOnceAndTheScoreIsOnTheHealthTopic() {
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () ->
                                TopicReader.all(Topics.PLATFORM_EVENTS.name()).stream()
                                        .anyMatch(
                                                r ->
                                                        fading.equals(r.key())
                                                                && r.value()
                                                                        .contains(
                                                                                "prediction.high_risk")));
        // later scorings keep the episode: no second announcement
        HealthJob job = context.getBean(HealthJob.class);
        job.rescoreAll(CLOCK.millis()).block();
        job.rescoreAll(CLOCK.millis()).block();
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> true);
        var announcements =
                TopicReader.all(Topics.PLATFORM_EVENTS.name()).stream()
                        .filter(
                                r ->
                                        fading.equals(r.key())
                                                && r.value().contains("prediction.high_risk"))
                        .toList();
        assertThat(announcements).hasSize(1);
        Map<String, Object> event = json.readValue(announcements.get(0).value(), Map.class);
        assertThat((List<String>) event.get("tenants")).containsExactlyInAnyOrder(alpha, ctor);
        Map<String, Object> data = (Map<String, Object>) event.get("data");
        assertThat(data)
                .containsEntry("robot_id", fading)
                .containsEntry("component", "battery")
                .containsKeys("probability", "expected_at", "evidence");

        var health =
                TopicReader.all(Topics.ROBOT_HEALTH.name()).stream()
                        .filter(r -> fading.equals(r.key()))
                        .toList();
        assertThat(health).isNotEmpty();
        Map<String, Object> latest =
                json.readValue(health.get(health.size() - 1).value(), Map.class);
        assertThat(latest)
                .containsEntry("robot_id", fading)
                .containsEntry("client_id", alpha)
                .containsEntry("constructor_id", ctor)
                .containsEntry("risk_level", "high")
                .containsEntry("predicted_failure", "battery")
                .containsKeys("health_score", "components", "computed_at");
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.context.ApplicationContext context;
}
