package io.robovis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robovis.common.test.TestEvents;
import io.robovis.common.test.TestInfrastructure;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A production start (no demo identity) creates the bootstrap constructor tenant and its admin
 * once; a second start changes nothing; variables that cannot work stop the start.
 */
@ExtendWith(OutputCaptureExtension.class)
class BootstrapTests {

    static ConfigurableApplicationContext start(String tenant, String admin, String password) {
        Map<String, Object> properties = new HashMap<>();
        TestInfrastructure.register((name, value) -> properties.put(name, value.get()));
        if (tenant != null) {
            properties.put("ROBOVIS_BOOTSTRAP_TENANT", tenant);
        }
        if (admin != null) {
            properties.put("ROBOVIS_BOOTSTRAP_ADMIN", admin);
        }
        if (password != null) {
            properties.put("ROBOVIS_BOOTSTRAP_PASSWORD", password);
        }
        return new SpringApplicationBuilder(GatewayApplication.class)
                .properties(properties)
                .run("--server.port=0");
    }

    static WebTestClient.ResponseSpec login(
            ConfigurableApplicationContext gateway, String username, String password) {
        return WebTestClient.bindToServer()
                .baseUrl(
                        "http://127.0.0.1:"
                                + gateway.getEnvironment().getProperty("local.server.port"))
                .build()
                .post()
                .uri("/v1/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "password", password))
                .exchange();
    }

    @Test
    void theFirstAdminIsCreatedOnceAndItsPasswordNeverLogged(CapturedOutput output) {
        String tenant = TestEvents.unique("maker");
        String admin = TestEvents.unique("root");
        String password = "correct horse battery";
        try (ConfigurableApplicationContext gateway = start(tenant, admin, password)) {
            login(gateway, admin, password)
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.tenant_id")
                    .isEqualTo(tenant)
                    .jsonPath("$.tenant_type")
                    .isEqualTo("constructor")
                    .jsonPath("$.role")
                    .isEqualTo("admin");
        }
        // a second start, even with another password, changes nothing
        try (ConfigurableApplicationContext again = start(tenant, admin, "another long password")) {
            login(again, admin, password).expectStatus().isOk();
            login(again, admin, "another long password").expectStatus().isUnauthorized();
        }
        assertThat(output.getAll())
                .contains("Bootstrap: constructor tenant " + tenant)
                .contains("already present, nothing changed")
                .doesNotContain(password)
                .doesNotContain("another long password");
    }

    @Test
    void variablesThatCannotWorkStopTheStartNamingThem() {
        assertThatThrownBy(() -> start("maker-x", null, null).close())
                .hasStackTraceContaining("ROBOVIS_BOOTSTRAP_ADMIN is missing")
                .hasStackTraceContaining("ROBOVIS_BOOTSTRAP_PASSWORD is missing");
        assertThatThrownBy(() -> start("Maker X", "root", "short").close())
                .hasStackTraceContaining("ROBOVIS_BOOTSTRAP_TENANT must be a lower-case slug")
                .hasStackTraceContaining("at least 12 characters");
        assertThatThrownBy(() -> start("maker-y", "longusername1", "LongUserName1").close())
                .hasStackTraceContaining("must not be the admin's username");
        // the demo's client tenant is not a constructor
        assertThatThrownBy(
                        () -> {
                            try (var demo =
                                    new SpringApplicationBuilder(GatewayApplication.class)
                                            .profiles("demo")
                                            .properties(infrastructure())
                                            .run("--server.port=0")) {
                                // seeds client-alpha
                            }
                            start("client-alpha", "alpha-root", "a long enough password").close();
                        })
                .hasStackTraceContaining("a client tenant");
    }

    private static Map<String, Object> infrastructure() {
        Map<String, Object> properties = new HashMap<>();
        TestInfrastructure.register((name, value) -> properties.put(name, value.get()));
        return properties;
    }
}
