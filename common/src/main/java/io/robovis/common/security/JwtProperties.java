package io.robovis.common.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token settings shared by every service.
 *
 * @param secret the HS256 key ({@code ROBOVIS_JWT_SECRET}), at least 32 bytes
 * @param issuer the {@code iss} claim issued and required
 * @param ttl how long an issued token lives
 */
@ConfigurationProperties("robovis.jwt")
public record JwtProperties(
        String secret, @DefaultValue("robovis") String issuer, @DefaultValue("12h") Duration ttl) {

    static final int MIN_SECRET_BYTES = 32;

    /** The key bytes; fails start-up with a message an operator can act on. */
    public byte[] secretBytes() {
        if (secret == null || secret.isBlank()) {
            throw new InvalidJwtSecretException(
                    "ROBOVIS_JWT_SECRET is not set. Every RoboVis service needs the same HS256"
                            + " secret of at least 32 bytes, e.g. ROBOVIS_JWT_SECRET=$(openssl rand"
                            + " -base64 48). ./robovis up generates one in its data folder.");
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new InvalidJwtSecretException(
                    "ROBOVIS_JWT_SECRET is "
                            + bytes.length
                            + " bytes long; HS256 needs at least "
                            + MIN_SECRET_BYTES
                            + " bytes. Generate one with: openssl rand -base64 48");
        }
        return bytes;
    }
}
