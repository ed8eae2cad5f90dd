package io.robovis.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.robovis.common.security.Role;
import io.robovis.common.security.TenantType;
import io.robovis.common.test.TestEvents;
import io.robovis.common.test.TestInfrastructure;
import io.robovis.common.test.TestTokens;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;

/**
 * Every identity route × admin, analyst, viewer, ingest × own and foreign tenant: only an admin of
 * the owning tenant gets through; another tenant's admin finds nothing (404, or its own data only);
 * an ingest token is refused everything but its own session.
 */
class RoleMatrixTests extends GatewayTestSupport {

    static final String ACME = "constructor-acme";
    static final String FOREIGN = "constructor-foreign";

    /** A route, its body, and what the owning tenant's admin gets. */
    record Route(HttpMethod method, String path, Supplier<Object> body, int adminStatus) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** A second constructor tenant, so that "foreign" writes have a tenant to belong to. */
    @BeforeAll
    static void foreignConstructor() throws SQLException {
        try (Connection db =
                        DriverManager.getConnection(
                                TestInfrastructure.jdbcUrl(), "postgres", "postgres");
                Statement sql = db.createStatement()) {
            sql.executeUpdate(
                    "INSERT INTO identity.tenants (tenant_id, type, name) VALUES ('"
                            + FOREIGN
                            + "', 'constructor', 'Foreign') ON CONFLICT DO NOTHING");
        }
    }

    static Stream<Route> routes() {
        return Stream.of(
                new Route(
                        HttpMethod.POST,
                        "/v1/tenants",
                        () ->
                                Map.of(
                                        "tenant_id", TestEvents.unique("matrix"),
                                        "name", "Matrix",
                                        "admin",
                                                Map.of(
                                                        "username",
                                                        TestEvents.unique("mx"),
                                                        "password",
                                                        FIRST_PASSWORD)),
                        201),
                new Route(HttpMethod.GET, "/v1/tenants", () -> null, 200),
                new Route(
                        HttpMethod.POST,
                        "/v1/users",
                        () ->
                                Map.of(
                                        "username",
                                        TestEvents.unique("mx"),
                                        "password",
                                        FIRST_PASSWORD,
                                        "role",
                                        "viewer"),
                        201),
                new Route(HttpMethod.GET, "/v1/users", () -> null, 200),
                new Route(HttpMethod.GET, "/v1/users/{user}", () -> null, 200),
                new Route(
                        HttpMethod.PATCH,
                        "/v1/users/{user}",
                        () -> Map.of("display_name", "M"),
                        200),
                new Route(HttpMethod.POST, "/v1/ingest-keys", () -> Map.of("name", "matrix"), 201),
                new Route(HttpMethod.GET, "/v1/ingest-keys", () -> null, 200),
                new Route(HttpMethod.GET, "/v1/ingest-keys/{key}", () -> null, 200),
                new Route(HttpMethod.DELETE, "/v1/ingest-keys/{key}", () -> null, 204),
                new Route(HttpMethod.GET, "/v1/audit", () -> null, 200));
    }

    static Stream<Arguments> matrix() {
        return routes().flatMap(
                        route ->
                                Stream.of(Role.ADMIN, Role.ANALYST, Role.VIEWER, Role.INGEST)
                                        .flatMap(
                                                role ->
                                                        Stream.of(true, false)
                                                                .map(
                                                                        own ->
                                                                                Arguments.of(
                                                                                        route, role,
                                                                                        own))));
    }

    @ParameterizedTest(name = "{0} as {1}, own tenant: {2}")
    @MethodSource("matrix")
    void onlyTheOwningTenantsAdminGetsThrough(Route route, Role role, boolean own) {
        // the resources of the path belong to constructor-acme
        String user = TestEvents.unique("owned");
        call(
                        HttpMethod.POST,
                        "/v1/users",
                        TestTokens.constructorAdmin(ACME),
                        Map.of("username", user, "password", FIRST_PASSWORD, "role", "viewer"))
                .expectStatus()
                .isCreated();
        String key =
                call(
                                HttpMethod.POST,
                                "/v1/ingest-keys",
                                TestTokens.constructorAdmin(ACME),
                                Map.of("name", "owned"))
                        .expectStatus()
                        .isCreated()
                        .expectBody(Map.class)
                        .returnResult()
                        .getResponseBody()
                        .get("id")
                        .toString();
        String path = route.path().replace("{user}", user).replace("{key}", key);
        String token = TestTokens.token(own ? ACME : FOREIGN, TenantType.CONSTRUCTOR, role);
        var result =
                call(route.method(), path, token, route.body().get()).returnResult(String.class);
        int status = result.getStatus().value();
        String body = String.join("", result.getResponseBody().collectList().block());
        if (!own && !path.contains(user) && !path.contains(key)) {
            // a list of another tenant shows none of the owner's users or keys
            assertThat(body)
                    .as("nothing of the other tenant")
                    .doesNotContain(user)
                    .doesNotContain(key);
        }
        if (role != Role.ADMIN) {
            assertThat(status).as("a non-admin is refused").isEqualTo(403);
        } else if (own || !path.contains(user) && !path.contains(key)) {
            assertThat(status).isEqualTo(route.adminStatus());
        } else {
            assertThat(status).as("another tenant's user or key does not exist").isEqualTo(404);
        }
    }

    @ParameterizedTest(name = "{0} may end its own session")
    @MethodSource("roles")
    void everyRoleLogsOut(Role role) {
        call(
                        HttpMethod.POST,
                        "/v1/auth/logout",
                        TestTokens.token(ACME, TenantType.CONSTRUCTOR, role),
                        null)
                .expectStatus()
                .isNoContent();
    }

    static List<Role> roles() {
        return List.of(Role.ADMIN, Role.ANALYST, Role.VIEWER, Role.INGEST);
    }
}
