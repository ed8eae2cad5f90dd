package io.robovis.common.test;

import io.robovis.common.security.JwtProperties;
import io.robovis.common.security.Role;
import io.robovis.common.security.TenantType;
import io.robovis.common.security.TokenService;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

/** Tokens for tests: valid ones from the real issuer, and the attacks a service must refuse. */
public final class TestTokens {

    private static final TokenService ISSUER =
            new TokenService(
                    new JwtProperties(
                            TestInfrastructure.JWT_SECRET, "robovis", Duration.ofHours(12)),
                    Clock.systemUTC());

    public static String token(String tenantId, TenantType type, Role role) {
        return ISSUER.issue("user-of-" + tenantId, tenantId, type, role).token();
    }

    /** A token of the subject's session at the given epoch, one-time password or not. */
    public static String session(
            String subject,
            String tenantId,
            TenantType type,
            Role role,
            long epoch,
            boolean passwordChangeRequired) {
        return ISSUER.issue(
                        subject,
                        tenantId,
                        type,
                        role,
                        new TokenService.Session(Instant.now(), epoch, passwordChangeRequired))
                .token();
    }

    /** The token's {@code jti}. */
    public static String tokenId(String token) {
        String payload =
                new String(
                        Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                        StandardCharsets.UTF_8);
        return tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .readTree(payload)
                .get("jti")
                .asString();
    }

    public static String constructorAdmin(String tenantId) {
        return token(tenantId, TenantType.CONSTRUCTOR, Role.ADMIN);
    }

    public static String clientAdmin(String tenantId) {
        return token(tenantId, TenantType.CLIENT, Role.ADMIN);
    }

    /** A well-signed token that expired an hour ago. */
    public static String expired(String tenantId) {
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(13)), ZoneOffset.UTC);
        return new TokenService(
                        new JwtProperties(
                                TestInfrastructure.JWT_SECRET, "robovis", Duration.ofHours(12)),
                        past)
                .issue("user", tenantId, TenantType.CLIENT, Role.ADMIN)
                .token();
    }

    /** A token signed with another key. */
    public static String wrongKey(String tenantId) {
        return new TokenService(
                        new JwtProperties(
                                "another-secret-that-is-long-enough-for-hs256-xyz",
                                "robovis",
                                Duration.ofHours(12)),
                        Clock.systemUTC())
                .issue("user", tenantId, TenantType.CLIENT, Role.ADMIN)
                .token();
    }

    /** The claims of a valid token, unsigned ({@code alg: none}). */
    public static String algNone(String tenantId) {
        String[] parts = clientAdmin(tenantId).split("\\.");
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        return header + "." + parts[1] + ".";
    }

    /** A valid token whose tenant claim was rewritten after signing. */
    public static String tamperedTenant(String tenantId, String otherTenantId) {
        String[] parts = clientAdmin(tenantId).split("\\.");
        String payload =
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"" + tenantId + "\"", "\"" + otherTenantId + "\"");
        return parts[0] + "." + b64(payload) + "." + parts[2];
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private TestTokens() {}
}
