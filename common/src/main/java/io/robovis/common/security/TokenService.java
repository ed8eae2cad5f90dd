package io.robovis.common.security;

import java.time.Clock;
import java.time.Duration;
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

    /** When the user logged in (epoch seconds): a refresh carries it over, never renews it. */
    public static final String AUTH_TIME = "auth_time";

    /** The user's session epoch when the token was issued; a revocation raises the epoch. */
    public static final String SESSION_EPOCH = "session_epoch";

    /** Present and true while the user must change an admin-set password. */
    public static final String PASSWORD_CHANGE_REQUIRED = "password_change_required";

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

    /** A signed token for a session that starts now, valid for the configured TTL. */
    public IssuedToken issue(String subject, String tenantId, TenantType type, Role role) {
        return issue(subject, tenantId, type, role, new Session(clock.instant(), 0, false));
    }

    /** A signed token for the user's session, valid for the configured TTL from now. */
    public IssuedToken issue(
            String subject, String tenantId, TenantType type, Role role, Session session) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.ttl());
        if (session.notAfter() != null && session.notAfter().isBefore(expiresAt)) {
            expiresAt = session.notAfter();
        }
        JwtClaimsSet.Builder builder =
                JwtClaimsSet.builder()
                        .issuer(properties.issuer())
                        .subject(subject)
                        .issuedAt(now)
                        .expiresAt(expiresAt)
                        .id(UUID.randomUUID().toString())
                        .claim(TENANT_ID, tenantId)
                        .claim(TENANT_TYPE, type.claim())
                        .claim(ROLE, role.claim())
                        .claim(AUTH_TIME, session.authTime().getEpochSecond())
                        .claim(SESSION_EPOCH, session.epoch());
        if (session.passwordChangeRequired()) {
            builder.claim(PASSWORD_CHANGE_REQUIRED, true);
        }
        JwtClaimsSet claims = builder.build();
        String token =
                encoder.encode(
                                JwtEncoderParameters.from(
                                        JwsHeader.with(MacAlgorithm.HS256).type("JWT").build(),
                                        claims))
                        .getTokenValue();
        return new IssuedToken(token, expiresAt);
    }

    /** How long a token lives. */
    public Duration ttl() {
        return properties.ttl();
    }

    /**
     * The session a token belongs to.
     *
     * @param authTime when the user logged in
     * @param epoch the user's session epoch (raised by each revocation of its tokens)
     * @param passwordChangeRequired whether the token only opens the password change
     * @param notAfter when the session ends (no token of it lives longer), or null
     */
    public record Session(
            Instant authTime, long epoch, boolean passwordChangeRequired, Instant notAfter) {

        public Session(Instant authTime, long epoch, boolean passwordChangeRequired) {
            this(authTime, epoch, passwordChangeRequired, null);
        }
    }

    /** A token and the instant it expires. */
    public record IssuedToken(String token, Instant expiresAt) {}
}
