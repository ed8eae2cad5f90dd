package io.robovis.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.robovis.common.test.TestEvents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** A tenant's admins manage its users (POST/GET/PATCH /v1/users); a user changes its password. */
@SuppressWarnings("unchecked")
class UserAdminTests extends GatewayTestSupport {

    static Map<String, Object> newUser(String username, String password, String role) {
        return Map.of("username", username, "password", password, "role", role);
    }

    @Test
    void anAdminCreatesAUserWhosePasswordIsOneTime() {
        Onboarded tenant = onboardClient();
        String alice = TestEvents.unique("alice");
        call(
                        HttpMethod.POST,
                        "/v1/users",
                        tenant.token(),
                        newUser(alice, FIRST_PASSWORD, "analyst"))
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueEquals("Location", "/v1/users/" + alice)
                .expectBody()
                .jsonPath("$.username")
                .isEqualTo(alice)
                .jsonPath("$.tenant_id")
                .isEqualTo(tenant.tenantId())
                .jsonPath("$.role")
                .isEqualTo("analyst")
                .jsonPath("$.password_change_required")
                .isEqualTo(true)
                .jsonPath("$.password")
                .doesNotExist()
                .jsonPath("$.password_hash")
                .doesNotExist();

        call(HttpMethod.GET, "/v1/users", tenant.token(), null)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[*].username")
                .value(
                        names ->
                                assertThat((List<Object>) names)
                                        .containsExactlyInAnyOrder(tenant.admin(), alice));

        // until alice changes it, her token opens the password change only
        Map<String, Object> first = loginResponse(alice, FIRST_PASSWORD);
        assertThat(first.get("password_change_required")).isEqualTo(true);
        String once = first.get("token").toString();
        for (String uri : List.of("/v1/tenant/settings", "/v1/robots", "/v1/users")) {
            call(HttpMethod.GET, uri, once, null)
                    .expectStatus()
                    .isForbidden()
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("password_change_required")
                    .jsonPath("$.detail")
                    .value(detail -> assertThat(detail.toString()).contains("/v1/auth/password"));
        }
        call(HttpMethod.POST, "/v1/auth/refresh", once, null).expectStatus().isForbidden();
        // a wrong old password, a new one too short or equal to the username: 400 naming the field
        changePassword(once, "not the password at all", "a brand new password").isBadRequest();
        changePassword(once, FIRST_PASSWORD, "short").isBadRequest();
        changePassword(once, FIRST_PASSWORD, alice.toUpperCase()).isBadRequest();
        changePassword(once, FIRST_PASSWORD, "alice's own password").isNoContent();
        // the change revoked the one-time token
        call(
                        HttpMethod.POST,
                        "/v1/auth/password",
                        once,
                        Map.of("old_password", "x", "new_password", "y"))
                .expectStatus()
                .isUnauthorized();
        Map<String, Object> second = loginResponse(alice, "alice's own password");
        assertThat(second.get("password_change_required")).isEqualTo(false);
        call(HttpMethod.GET, "/v1/tenant/settings", second.get("token").toString(), null)
                .expectStatus()
                .isOk();
    }

    @Test
    void anAdminChangesRoleDisplayNamePasswordAndDisablesAUser() {
        Onboarded tenant = onboardClient();
        String bob = TestEvents.unique("bob");
        call(HttpMethod.POST, "/v1/users", tenant.token(), newUser(bob, FIRST_PASSWORD, "viewer"))
                .expectStatus()
                .isCreated();
        call(
                        HttpMethod.PATCH,
                        "/v1/users/" + bob,
                        tenant.token(),
                        Map.of("role", "analyst", "display_name", "Bob B."))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.role")
                .isEqualTo("analyst")
                .jsonPath("$.display_name")
                .isEqualTo("Bob B.");
        call(HttpMethod.GET, "/v1/users/" + bob, tenant.token(), null)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.role")
                .isEqualTo("analyst");

        // an admin-set password is one-time again
        call(
                        HttpMethod.PATCH,
                        "/v1/users/" + bob,
                        tenant.token(),
                        Map.of("password", "an admin reset 12"))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.password_change_required")
                .isEqualTo(true);
        assertThat(loginResponse(bob, "an admin reset 12").get("password_change_required"))
                .isEqualTo(true);

        call(HttpMethod.PATCH, "/v1/users/" + bob, tenant.token(), Map.of("disabled", true))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.disabled")
                .isEqualTo(true);
        client.post()
                .uri("/v1/auth/login")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", bob, "password", "an admin reset 12"))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        call(HttpMethod.PATCH, "/v1/users/" + bob, tenant.token(), Map.of("disabled", false))
                .expectStatus()
                .isOk();
        loginResponse(bob, "an admin reset 12");
    }

    @Test
    void nobodyManagesAnotherTenantsUsers() {
        Onboarded mine = onboardClient();
        Onboarded theirs = onboardClient();
        String carol = TestEvents.unique("carol");
        call(HttpMethod.POST, "/v1/users", theirs.token(), newUser(carol, FIRST_PASSWORD, "viewer"))
                .expectStatus()
                .isCreated();
        call(HttpMethod.GET, "/v1/users/" + carol, mine.token(), null)
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("user_not_found");
        call(HttpMethod.PATCH, "/v1/users/" + carol, mine.token(), Map.of("disabled", true))
                .expectStatus()
                .isNotFound();
        call(HttpMethod.GET, "/v1/users", mine.token(), null)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[*].username")
                .value(names -> assertThat((List<Object>) names).containsExactly(mine.admin()));
        // the username is taken, whatever the tenant
        call(HttpMethod.POST, "/v1/users", mine.token(), newUser(carol, FIRST_PASSWORD, "viewer"))
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("username_taken");
        // nothing changed for carol
        assertThat(loginResponse(carol, FIRST_PASSWORD).get("tenant_id"))
                .isEqualTo(theirs.tenantId());
    }

    @Test
    void aTenantKeepsAnEnabledAdmin() {
        Onboarded tenant = onboardClient();
        call(
                        HttpMethod.PATCH,
                        "/v1/users/" + tenant.admin(),
                        tenant.token(),
                        Map.of("disabled", true))
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("last_admin");
        call(
                        HttpMethod.PATCH,
                        "/v1/users/" + tenant.admin(),
                        tenant.token(),
                        Map.of("role", "viewer"))
                .expectStatus()
                .isEqualTo(409);
        // with a second admin, the first may step down
        String dave = TestEvents.unique("dave");
        call(HttpMethod.POST, "/v1/users", tenant.token(), newUser(dave, FIRST_PASSWORD, "admin"))
                .expectStatus()
                .isCreated();
        call(
                        HttpMethod.PATCH,
                        "/v1/users/" + tenant.admin(),
                        tenant.token(),
                        Map.of("role", "viewer"))
                .expectStatus()
                .isOk();
    }

    @Test
    void badInputIsA400NamingTheField() {
        Onboarded tenant = onboardClient();
        String name = TestEvents.unique("erin");
        call(HttpMethod.POST, "/v1/users", tenant.token(), newUser(name, "short", "viewer"))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("password");
        call(
                        HttpMethod.POST,
                        "/v1/users",
                        tenant.token(),
                        newUser(name, name.toUpperCase(), "viewer"))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("password");
        // BCrypt reads 72 bytes: 40 two-byte characters are refused, not truncated
        call(HttpMethod.POST, "/v1/users", tenant.token(), newUser(name, "é".repeat(40), "viewer"))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("password");
        client.post()
                .uri("/v1/auth/login")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", tenant.admin(), "password", "x".repeat(150)))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        call(HttpMethod.POST, "/v1/users", tenant.token(), newUser(name, FIRST_PASSWORD, "root"))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("role");
        call(HttpMethod.POST, "/v1/users", tenant.token(), newUser("x y", FIRST_PASSWORD, "viewer"))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("username");
        // a client tenant has no ingest users
        call(HttpMethod.POST, "/v1/users", tenant.token(), newUser(name, FIRST_PASSWORD, "ingest"))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("role");
        call(HttpMethod.PATCH, "/v1/users/" + tenant.admin(), tenant.token(), Map.of())
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("empty_patch");
        call(
                        HttpMethod.PATCH,
                        "/v1/users/" + tenant.admin(),
                        tenant.token(),
                        Map.of("tenant_id", "client-beta"))
                .expectStatus()
                .isBadRequest();
        // nothing was created
        call(HttpMethod.GET, "/v1/users", tenant.token(), null)
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(1);
    }
}
