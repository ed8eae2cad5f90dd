package io.robovis.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.robovis.common.events.Topics;
import io.robovis.common.security.Role;
import io.robovis.common.security.TenantType;
import io.robovis.common.test.TestTokens;
import io.robovis.common.test.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/** The /v1/insights routes: tenant scoping, validation, limits, paging, roles, events, the cap. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InsightApiTests extends InsightTestSupport {

    final String constructor = unique("acme");
    final String alpha = unique("alpha");
    final String beta = unique("beta");
    final String alphaRobot = unique("A");
    final String betaRobot = unique("B");
    String alphaToken;
    String betaToken;
    String constructorToken;

    @BeforeAll
    void fleet() {
        tenant(constructor, "constructor", "en");
        tenant(alpha, "client", "en");
        tenant(beta, "client", "en");
        robot(alphaRobot, constructor, alpha, "site-a", "ehpad");
        robot(betaRobot, constructor, beta, "site-b", "school");
        alphaToken = TestTokens.clientAdmin(alpha);
        betaToken = TestTokens.clientAdmin(beta);
        constructorToken = TestTokens.constructorAdmin(constructor);
    }

    private void visible(String token, String insightId, boolean visible) {
        client.get()
                .uri("/v1/insights/" + insightId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isEqualTo(visible ? HttpStatus.OK : HttpStatus.NOT_FOUND);
        assertThat(
                        list(token, "limit=100").stream()
                                .anyMatch(i -> insightId.equals(i.get("insight_id"))))
                .isEqualTo(visible);
    }

    @Test
    void aRobotsInsightIsVisibleToItsClientAndConstructorOnly() {
        String id =
                (String)
                        analyzed(alphaToken, Map.of("kind", "daily_digest", "robot_id", alphaRobot))
                                .get("insight_id");
        visible(alphaToken, id, true);
        visible(constructorToken, id, true);
        visible(betaToken, id, false);
        assertThat(list(alphaToken, "robot_id=" + alphaRobot))
                .extracting(i -> i.get("insight_id"))
                .contains(id);
        assertThat(list(alphaToken, "robot_id=" + betaRobot)).isEmpty();
    }

    @Test
    void aFleetWideInsightBelongsToWhoAskedForIt() {
        String byConstructor =
                (String)
                        analyzed(constructorToken, Map.of("kind", "fleet_health"))
                                .get("insight_id");
        visible(constructorToken, byConstructor, true);
        visible(alphaToken, byConstructor, false);
        String byAlpha =
                (String) analyzed(alphaToken, Map.of("kind", "fleet_health")).get("insight_id");
        visible(alphaToken, byAlpha, true);
        visible(constructorToken, byAlpha, false);
        visible(betaToken, byAlpha, false);
    }

    @Test
    void eachInsightEmitsInsightCreatedForItsTenants() {
        Map<String, Object> insight =
                analyzed(alphaToken, Map.of("kind", "robot_anomaly", "robot_id", alphaRobot));
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> created((String) insight.get("insight_id")) != null);
        JsonNode event = created((String) insight.get("insight_id"));
        assertThat(event.get("type").asString()).isEqualTo("insight.created");
        assertThat(event.get("data").get("kind").asString()).isEqualTo("robot_anomaly");
        assertThat(event.get("data").get("severity").asString()).isEqualTo(insight.get("severity"));
        assertThat(event.get("data").get("robot_id").asString()).isEqualTo(alphaRobot);
        assertThat(event.get("tenants").toString())
                .contains(alpha)
                .contains(constructor)
                .doesNotContain(beta);
    }

    private JsonNode created(String insightId) {
        for (ConsumerRecord<String, String> r : TopicReader.all(Topics.PLATFORM_EVENTS.name())) {
            JsonNode event = json.readTree(r.value());
            if (insightId.equals(event.path("data").path("insight_id").asString(null))) {
                return event;
            }
        }
        return null;
    }

    @Test
    void anUnknownKindIs400ListingTheKinds() {
        analyze(alphaToken, Map.of("kind", "weather"))
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("invalid_kind")
                .jsonPath("$.kinds.length()")
                .isEqualTo(8)
                .jsonPath("$.detail")
                .value(
                        d ->
                                assertThat((String) d)
                                        .contains("fleet_health")
                                        .contains("daily_digest"));
        analyze(alphaToken, Map.of()).expectStatus().isBadRequest();
    }

    @ParameterizedTest
    @ValueSource(strings = {"robot_anomaly", "daily_digest"})
    void robotKindsNeedAVisibleRobot(String kind) {
        analyze(alphaToken, Map.of("kind", kind))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("robot_id_required");
        analyze(alphaToken, Map.of("kind", kind, "robot_id", betaRobot))
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("robot_not_found");
        analyze(alphaToken, Map.of("kind", kind, "robot_id", "NO-SUCH-ROBOT"))
                .expectStatus()
                .isNotFound();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "ten", "-1"})
    void aLimitOutsideOneToHundredIs400(String limit) {
        client.get()
                .uri("/v1/insights?limit=" + limit)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + alphaToken)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.detail")
                .value(d -> assertThat((String) d).contains("1 to 100"));
    }

    @Test
    void badBodiesAndWindowsAre400() {
        client.post()
                .uri("/v1/insights/analyze")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + alphaToken)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"kind\": ")
                .exchange()
                .expectStatus()
                .isBadRequest();
        analyze(alphaToken, Map.of("kind", "fleet_health", "from", "last tuesday"))
                .expectStatus()
                .isBadRequest();
        analyze(
                        alphaToken,
                        Map.of("kind", "fleet_health", "from", "2026-01-01", "to", "2025-01-01"))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("invalid_window");
        analyze(alphaToken, Map.of("kind", "fleet_health", "model", "mistral; rm -rf /"))
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void viewersReadButDoNotAnalyze() {
        String viewer = TestTokens.token(alpha, TenantType.CLIENT, Role.VIEWER);
        analyze(viewer, Map.of("kind", "fleet_health"))
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("forbidden_role");
        list(viewer, null);
        analyzed(
                TestTokens.token(alpha, TenantType.CLIENT, Role.ANALYST),
                Map.of("kind", "fleet_health"));
    }

    @Test
    void anIngestTokenOnlySendsEvents() {
        String ingest = TestTokens.token(constructor, TenantType.CONSTRUCTOR, Role.INGEST);
        client.get()
                .uri("/v1/insights")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ingest)
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        analyze(ingest, Map.of("kind", "fleet_health")).expectStatus().isForbidden();
    }

    @Test
    void pagesGoNewestFirstWithALinkToTheNext() {
        String tenant = unique("paged");
        tenant(tenant, "client", "en");
        String token = TestTokens.clientAdmin(tenant);
        String first = (String) analyzed(token, Map.of("kind", "fleet_health")).get("insight_id");
        String second =
                (String)
                        analyzed(token, Map.of("kind", "feature_adoption_report"))
                                .get("insight_id");
        String third = (String) analyzed(token, Map.of("kind", "fleet_health")).get("insight_id");
        var page =
                client.get()
                        .uri("/v1/insights?limit=2")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .returnResult(Map.class);
        assertThat(page.getResponseBody().map(m -> m.get("insight_id")).collectList().block())
                .containsExactly(third, second);
        String link = page.getResponseHeaders().getFirst(HttpHeaders.LINK);
        String next = link.substring(1, link.indexOf('>'));
        assertThat(list(token, next.substring(next.indexOf('?') + 1)))
                .extracting(i -> i.get("insight_id"))
                .containsExactly(first);
        assertThat(list(token, "kind=feature_adoption_report"))
                .extracting(i -> i.get("insight_id"))
                .containsExactly(second);
    }

    @Test
    void aTenantRunsAtMostFourAnalysesAtOnce() {
        String tenant = unique("busy");
        tenant(tenant, "client", "en");
        String token = TestTokens.clientAdmin(tenant);
        List<Integer> statuses =
                Flux.range(0, 6)
                        .flatMap(
                                i ->
                                        Mono.fromCallable(
                                                        () ->
                                                                analyze(
                                                                                token,
                                                                                Map.of(
                                                                                        "kind",
                                                                                        "fleet_health",
                                                                                        "model",
                                                                                        "slow"))
                                                                        .returnResult(String.class)
                                                                        .getStatus()
                                                                        .value())
                                                .subscribeOn(Schedulers.boundedElastic()),
                                6)
                        .collectList()
                        .block();
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(4);
        assertThat(statuses).filteredOn(s -> s == 429).hasSize(2);
        analyze(betaToken, Map.of("kind", "fleet_health")).expectStatus().isCreated();
    }
}
