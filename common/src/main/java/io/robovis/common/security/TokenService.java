package io.robovis.common.security;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/** Issues the platform's HS256 tokens with the claims every service expects. */
public class TokenService {

    public static final String TENANT_ID = "tenant_id";
    public static final String TENANT_TYPE = "tenant_type";
    public static final String ROLE = "role";

    private final NimbusJwtEncoder encoder;
    private final JwtProperties properties;
    private final Clock clock;

    public TokenService(JwtProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        this.encoder =
                NimbusJwtEncoder.withSecretKey(
                                new SecretKeySpec(properties.secretBytes(), "HmacSHA256"))
                        .algorithm(MacAlgorithm.HS256)
                        .build();
    }

    /** A signed token for the user, valid for the configured TTL from now. */
    public IssuedToken issue(String subject, String tenantId, TenantType type, Role role) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.ttl());
        JwtClaimsSet claims =
                JwtClaimsSet.builder()
                        .issuer(properties.issuer())
                        .subject(subject)
                        .issuedAt(now)
                        .expiresAt(expiresAt)
                        .id(UUID.randomUUID().toString())
                        .claim(TENANT_ID, tenantId)
                        .claim(TENANT_TYPE, type.claim())
                        .claim(ROLE, role.claim())
                        .build();
        String token =
                encoder.encode(
                                JwtEncoderParameters.from(
                                        JwsHeader.with(MacAlgorithm.HS256).type("JWT").build(),
                                        claims))
                        .getTokenValue();
        return new IssuedToken(token, expiresAt);
    }

    /** A token and the instant it expires. */
    public record IssuedToken(String token, Instant expiresAt) {}
}
