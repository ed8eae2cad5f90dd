package io.robovis.robot;

import static org.assertj.core.api.Assertions.assertThat;

import io.robovis.common.events.Topics;
import io.robovis.common.security.Role;
import io.robovis.common.security.TenantType;
import io.robovis.common.test.TestTokens;
import io.robovis.common.test.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Provisioning and the scoping of every registry route: two constructors × two clients × each
 * robot.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryTests extends RobotServiceTestSupport {

    final String ctorA = unique("ctor-a");
    final String ctorB = unique("ctor-b");
    final String cliX = unique("cli-x");
    final String cliY = unique("cli-y");
    final String a1 = unique("A1");
    final String a2 = unique("A2");
    final String b1 = unique("B1");

    @BeforeAll
    void fleet() {
        tenants(Map.of(ctorA, "constructor", ctorB, "constructor", cliX, "client", cliY, "client"));
        provision(ctorA, a1, cliX, Map.of());
        provision(ctorA, a2, cliY, Map.of());
        provision(ctorB, b1, cliX, Map.of());
    }

    Stream<Arguments> matrix() {
        return Stream.of(
                Arguments.of("constructor A", TestTokens.constructorAdmin(ctorA), List.of(a1, a2)),
                Arguments.of("constructor B", TestTokens.constructorAdmin(ctorB), List.of(b1)),
                Arguments.of("client X", TestTokens.clientAdmin(cliX), List.of(a1, b1)),
                Arguments.of(
                        "client Y viewer",
                        TestTokens.token(cliY, TenantType.CLIENT, Role.VIEWER),
                        List.of(a2)));
    }

    @ParameterizedTest(name = "{0} sees exactly its robots")
    @MethodSource("matrix")
    void eachTenantSeesExactlyItsRobotsAndA404ForOthers(
            String who, String token, List<String> visible) {
        List<String> listed =
                client
                        .get()
                        .uri("/v1/robots?limit=1000")
                        .header(HttpHeaders.AUTHORIZATION, bearer(token))
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBodyList(Map.class)
                        .returnResult()
                        .getResponseBody()
                        .stream()
                        .map(r -> (String) r.get("robot_id"))
                        .toList();
        assertThat(listed).containsExactlyInAnyOrderElementsOf(visible);

        for (String robot : List.of(a1, a2, b1)) {
            int expected = visible.contains(robot) ? 200 : 404;
            client.get()
                    .uri("/v1/robots/" + robot)
                    .header(HttpHeaders.AUTHORIZATION, bearer(token))
                    .exchange()
                    .expectStatus()
                    .isEqualTo(expected);
            client.get()
                    .uri("/v1/client/robots/" + robot + "/timeline")
                    .header(HttpHeaders.AUTHORIZATION, bearer(token))
                    .exchange()
                    .expectStatus()
                    .isEqualTo(expected);
        }
    }

    @Test
    void listingAnswersTheContractFields() {
        client.get()
                .uri("/v1/robots")
                .header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.clientAdmin(cliY)))
                .exchange()
                .expectBody()
                .jsonPath("$[0].robot_id")
                .isEqualTo(a2)
                .jsonPath("$[0].tenant_id")
                .isEqualTo(cliY)
                .jsonPath("$[0].constructor_id")
                .isEqualTo(ctorA)
                .jsonPath("$[0].status")
                .isEqualTo("never_seen")
                .jsonPath("$[0].last_seen_ms")
                .hasJsonPath();
    }

    @Test
    void pagesCarryTheNextCursorInALinkHeader() {
        String token = TestTokens.constructorAdmin(ctorA);
        var first =
                client.get()
                        .uri("/v1/robots?limit=1")
                        .header(HttpHeaders.AUTHORIZATION, bearer(token))
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBodyList(Map.class)
                        .returnResult();
        assertThat(first.getResponseBody()).hasSize(1);
        String link = first.getResponseHeaders().getFirst(HttpHeaders.LINK);
        assertThat(link).contains("rel=\"next\"").contains("cursor=");
        String next = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        var second =
                client.get()
                        .uri(next)
                        .header(HttpHeaders.AUTHORIZATION, bearer(token))
                        .exchange()
                        .expectBodyList(Map.class)
                        .returnResult();
        assertThat(second.getResponseBody()).hasSize(1);
        assertThat(second.getResponseBody().get(0).get("robot_id"))
                .isNotEqualTo(first.getResponseBody().get(0).get("robot_id"));
        assertThat(second.getResponseHeaders().getFirst(HttpHeaders.LINK)).isNull();
    }

    @Test
    void limitOutsideItsRangeIs400NamingTheRange() {
        for (String limit : List.of("0", "1001", "ten")) {
            client.get()
                    .uri("/v1/robots?limit=" + limit)
                    .header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.constructorAdmin(ctorA)))
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.detail")
                    .value(d -> assertThat((String) d).contains("1 to 1000"));
        }
    }

    @Test
    void filtersNarrowTheList() {
        client.get()
                .uri("/v1/robots?client_id=" + cliY)
                .header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.constructorAdmin(ctorA)))
                .exchange()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(1)
                .jsonPath("$[0].robot_id")
                .isEqualTo(a2);
    }

    @Test
    void provisioningForAnUnknownClientIs400AndProvisionsNothing() {
        String ok = unique("OK");
        client.post()
                .uri("/v1/robots")
                .header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.constructorAdmin(ctorA)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(
                        List.of(
                                Map.of("robot_id", ok, "client_id", cliX),
                                Map.of("robot_id", unique("KO"), "client_id", "no-such-client")))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].index")
                .isEqualTo(1)
                .jsonPath("$.errors[0].field")
                .isEqualTo("client_id");
        client.get()
                .uri("/v1/robots/" + ok)
                .header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.constructorAdmin(ctorA)))
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void aClientCannotProvisionAndAnAnalystCannotEither() {
        for (String token :
                List.of(
                        TestTokens.clientAdmin(cliX),
                        TestTokens.token(ctorA, TenantType.CONSTRUCTOR, Role.ANALYST))) {
            client.post()
                    .uri("/v1/robots")
                    .header(HttpHeaders.AUTHORIZATION, bearer(token))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("robot_id", unique("Z"), "client_id", cliX))
                    .exchange()
                    .expectStatus()
                    .isForbidden();
        }
    }

    @Test
    void tenThousandRobotsAreProvisionedInOneRequestAndMoreAre413() {
        // tenants of its own: the scoping matrix above counts exactly what its tenants see
        String bulkCtor = unique("ctor-bulk");
        String bulkCli = unique("cli-bulk");
        tenants(Map.of(bulkCtor, "constructor", bulkCli, "client"));
        List<Map<String, Object>> fleet = new java.util.ArrayList<>();
        String prefix = unique("BULK");
        for (int i = 0; i < 10_001; i++) {
            fleet.add(
                    Map.of(
                            "robot_id",
                            prefix + "-" + i,
                            "client_id",
                            cliY,
                            "model",
                            "Buddy",
                            "site",
                            "bulk-site",
                            "environment",
                            "school"));
        }
        client.post()
                .uri("/v1/robots")
                .header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.constructorAdmin(bulkCtor)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(fleet)
                .exchange()
                .expectStatus()
                .isEqualTo(413);
        client.post()
                .uri("/v1/robots")
                .header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.constructorAdmin(bulkCtor)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(fleet.subList(0, 10_000))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(10_000);
        client.get()
                .uri("/v1/robots?site=bulk-site&limit=1000")
                .header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.constructorAdmin(bulkCtor)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .exists(HttpHeaders.LINK)
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(1000);
    }

    @Test
    void provisioningAnExistingRobotIs409() {
        client.post()
                .uri("/v1/robots")
                .header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.constructorAdmin(ctorB)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("robot_id", a1, "client_id", cliX))
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("robot_exists");
    }

    @Test
    void everyRegistryChangeReachesTheRobotsTopicAndDeprovisioningTombstones() {
        String robot = unique("CHG");
        provision(ctorA, robot, cliX, Map.of());
        client.patch()
                .uri("/v1/robots/" + robot)
                .header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.constructorAdmin(ctorA)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("client_id", cliY, "site", "site-9"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.tenant_id")
                .isEqualTo(cliY);
        // another constructor cannot change or remove it
        client.delete()
                .uri("/v1/robots/" + robot)
                .header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.constructorAdmin(ctorB)))
                .exchange()
                .expectStatus()
                .isNotFound();
        client.delete()
                .uri("/v1/robots/" + robot)
                .header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.constructorAdmin(ctorA)))
                .exchange()
                .expectStatus()
                .isNoContent();

        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> {
                            var records =
                                    TopicReader.all(Topics.ROBOTS.name()).stream()
                                            .filter(r -> r.key().equals(robot))
                                            .toList();
                            assertThat(records).hasSize(3);
                            assertThat(records.get(0).value())
                                    .contains("\"client_id\":\"" + cliX + "\"");
                            assertThat(records.get(1).value())
                                    .contains("\"client_id\":\"" + cliY + "\"")
                                    .contains("site-9");
                            assertThat(records.get(2).value()).isNull();
                            assertThat(
                                            new String(
                                                    records.get(1)
                                                            .headers()
                                                            .lastHeader("ce_subject")
                                                            .value()))
                                    .isEqualTo(robot);
                        });
        client.get()
                .uri("/v1/robots/" + robot)
                .header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.constructorAdmin(ctorA)))
                .exchange()
                .expectStatus()
                .isNotFound();
    }
}
