package io.robovis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robovis.common.test.TestEvents;
import io.robovis.common.test.TestInfrastructure;
import io.robovis.common.test.TestTokens;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * The audit log: logins (failed ones too, never the password) and every identity change, with who,
 * when, from where and the request id; tenant-scoped, newest first, filtered, append-only.
 */
class AuditTests extends GatewayTestSupport {

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> audit(String token, String query) {
        return call(HttpMethod.GET, "/v1/audit" + query, token, null)
                .expectStatus()
                .isOk()
                .expectBody(List.class)
                .returnResult()
                .getResponseBody();
    }

    @Test
    void loginsAndChangesAreAppendedWithWhoWhatWhenWhereAndRequestId() {
        Onboarded tenant = onboardClient();
        // a failed login: its user's tenant sees it, without the password
        client.post()
                .uri("/v1/auth/login")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", tenant.admin(), "password", "a wrong password"))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        String user = TestEvents.unique("fay");
        call(
                        HttpMethod.POST,
                        "/v1/users",
                        tenant.token(),
                        Map.of("username", user, "password", FIRST_PASSWORD, "role", "viewer"))
                .expectStatus()
                .isCreated();
        client.patch()
                .uri("/v1/users/" + user)
                .header("Authorization", "Bearer " + tenant.token())
                .header("X-Request-Id", "req-audit-1")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("role", "analyst", "disabled", true))
                .exchange()
                .expectStatus()
                .isOk();
        call(HttpMethod.PATCH, "/v1/tenant/settings", tenant.token(), Map.of("language", "fr"))
                .expectStatus()
                .isOk();

        List<Map<String, Object>> lines = audit(tenant.token(), "");
        assertThat(lines)
                .extracting(l -> l.get("action"))
                .containsSubsequence(
                        "tenant.settings_changed",
                        "user.disabled",
                        "user.role_changed",
                        "user.created",
                        "auth.login_failed",
                        "auth.login",
                        "auth.password_changed",
                        "auth.login");
        Map<String, Object> disabled =
                lines.stream()
                        .filter(l -> "user.disabled".equals(l.get("action")))
                        .findFirst()
                        .get();
        assertThat(disabled)
                .containsEntry("actor", tenant.admin())
                .containsEntry("tenant_id", tenant.tenantId())
                .containsEntry("target", user)
                .containsEntry("ip", "127.0.0.1")
                .containsEntry("request_id", "req-audit-1")
                .containsKey("at");
        Map<String, Object> failed =
                lines.stream()
                        .filter(l -> "auth.login_failed".equals(l.get("action")))
                        .findFirst()
                        .get();
        assertThat(failed).containsEntry("target", tenant.admin());
        assertThat(lines.toString())
                .doesNotContain("a wrong password")
                .doesNotContain(FIRST_PASSWORD);

        // filters: a family of actions, an actor, a target; the limit pages with a Link cursor
        assertThat(audit(tenant.token(), "?action=user"))
                .extracting(l -> l.get("action"))
                .containsExactly("user.disabled", "user.role_changed", "user.created");
        assertThat(audit(tenant.token(), "?target=" + user)).hasSize(3);
        String link =
                call(HttpMethod.GET, "/v1/audit?limit=2", tenant.token(), null)
                        .expectStatus()
                        .isOk()
                        .returnResult(String.class)
                        .getResponseHeaders()
                        .getFirst("Link");
        assertThat(link).contains("rel=\"next\"");
        String next = link.substring(1, link.indexOf('>'));
        assertThat(audit(tenant.token(), next.substring(next.indexOf('?'))))
                .first()
                .extracting(l -> l.get("action"))
                .isEqualTo("user.role_changed");

        // another tenant sees none of it
        Onboarded other = onboardClient();
        assertThat(audit(other.token(), "?target=" + user)).isEmpty();
    }

    @Test
    void theServicesSuccessfulChangesAreAuditedByTheGateway() {
        String ctor = TestEvents.unique("ctor");
        String admin = TestTokens.constructorAdmin(ctor);
        call(HttpMethod.POST, "/v1/robots", admin, Map.of("robot_id", "STUB-1"))
                .expectStatus()
                .isCreated();
        call(HttpMethod.DELETE, "/v1/robots/OK-7", admin, null).expectStatus().isNoContent();
        call(HttpMethod.DELETE, "/v1/robots/MISSING-8", admin, null).expectStatus().isNotFound();
        // written once the service answered: it may follow the answer by a moment
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> audit(admin, "?action=robot").size() == 2);
        List<Map<String, Object>> lines = audit(admin, "?action=robot");
        assertThat(lines)
                .extracting(l -> l.get("action") + " " + l.get("target"))
                .containsExactly("robot.deprovisioned OK-7", "robot.provisioned STUB-1");
        assertThat(lines.get(1))
                .containsEntry("actor", "user-of-" + ctor)
                .containsEntry("ip", "127.0.0.1");
    }

    @Test
    void constructorChangesAreAuditedInItsTenant() {
        String admin = TestTokens.constructorAdmin("constructor-audit");
        // onboarded by constructor-acme: the line is in constructor-acme's log, not in another's
        Onboarded client = onboardClient();
        List<Map<String, Object>> acme =
                audit(
                        TestTokens.constructorAdmin("constructor-acme"),
                        "?target=" + client.tenantId());
        assertThat(acme).extracting(l -> l.get("action")).containsExactly("tenant.created");
        assertThat(audit(admin, "")).isEmpty();
    }

    @Test
    void onlyAdminsReadItAndNothingChangesIt() throws SQLException {
        Onboarded tenant = onboardClient();
        for (String role : List.of("analyst", "viewer")) {
            call(
                            HttpMethod.GET,
                            "/v1/audit",
                            TestTokens.token(
                                    tenant.tenantId(),
                                    io.robovis.common.security.TenantType.CLIENT,
                                    io.robovis.common.security.Role.fromClaim(role)),
                            null)
                    .expectStatus()
                    .isForbidden();
        }
        call(HttpMethod.DELETE, "/v1/audit", tenant.token(), null).expectStatus().isEqualTo(405);
        call(HttpMethod.GET, "/v1/audit?from=yesterday", tenant.token(), null)
                .expectStatus()
                .isBadRequest();
        call(HttpMethod.GET, "/v1/audit?cursor=bm90LWEtbnVtYmVy", tenant.token(), null)
                .expectStatus()
                .isBadRequest();
        try (Connection db =
                        DriverManager.getConnection(
                                TestInfrastructure.jdbcUrl(), "postgres", "postgres");
                Statement sql = db.createStatement()) {
            assertThatThrownBy(
                            () ->
                                    sql.executeUpdate(
                                            "UPDATE identity.audit_log SET actor = 'someone else'"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> sql.executeUpdate("DELETE FROM identity.audit_log"))
                    .hasMessageContaining("append-only");
        }
    }
}
