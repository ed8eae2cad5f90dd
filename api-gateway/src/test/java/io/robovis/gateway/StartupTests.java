package io.robovis.gateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robovis.common.security.InvalidJwtSecretException;
import io.robovis.common.test.TestInfrastructure;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** A production start without a usable token secret stops with a message that says what to do. */
class StartupTests {

    @ParameterizedTest(name = "secret \"{0}\" stops start-up")
    @ValueSource(strings = {"", "only-31-bytes-long-0123456789ab"})
    void missingOrShortSecretStopsStartUp(String secret) {
        Map<String, Object> properties = new HashMap<>();
        TestInfrastructure.register((name, value) -> properties.put(name, value.get()));
        properties.put("ROBOVIS_JWT_SECRET", secret);
        properties.put("server.port", "0");

        assertThatThrownBy(
                        () ->
                                new SpringApplicationBuilder(GatewayApplication.class)
                                        .properties(properties)
                                        .run()
                                        .close())
                .satisfies(
                        error ->
                                Assertions.assertThat(rootCause(error))
                                        .isInstanceOf(InvalidJwtSecretException.class)
                                        .hasMessageContaining("ROBOVIS_JWT_SECRET"));
    }

    private static Throwable rootCause(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
