package io.robovis.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JwtPropertiesTests {

    @Test
    void missingSecretStopsStartUpWithAClearMessage() {
        assertThatThrownBy(
                        () ->
                                new JwtProperties(null, "robovis", Duration.ofHours(12))
                                        .secretBytes())
                .isInstanceOf(InvalidJwtSecretException.class)
                .hasMessageContaining("ROBOVIS_JWT_SECRET is not set");
    }

    @Test
    void secretUnder32BytesStopsStartUp() {
        assertThatThrownBy(
                        () ->
                                new JwtProperties(
                                                "0123456789abcdef0123456789abcde",
                                                "robovis",
                                                Duration.ofHours(12))
                                        .secretBytes())
                .isInstanceOf(InvalidJwtSecretException.class)
                .hasMessageContaining("31 bytes")
                .hasMessageContaining("at least 32");
    }

    @Test
    void secretOf32BytesIsAccepted() {
        assertThat(
                        new JwtProperties(
                                        "0123456789abcdef0123456789abcdef",
                                        "robovis",
                                        Duration.ofHours(12))
                                .secretBytes())
                .hasSize(32);
    }
}
