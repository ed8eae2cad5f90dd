package io.robovis.common.security;

import io.robovis.common.events.IngestKeyRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ingest keys this instance accepts, by the SHA-256 of their secret: fed by {@link
 * IdentityFeed} from {@code robovis.ingest-keys.v1}, so a key check is a hash and a map lookup, and
 * a revoked key drops out as soon as its record arrives.
 */
public class IngestKeyDirectory {

    /** Every ingest key starts with it; a bearer credential without it is a JWT. */
    public static final String PREFIX = "rk_";

    private final Map<String, LiveKey> byHash = new ConcurrentHashMap<>();
    private final Map<String, String> hashById = new ConcurrentHashMap<>();
    private final Clock clock;

    public IngestKeyDirectory(Clock clock) {
        this.clock = clock;
    }

    /** Takes a key's latest record (null: the key is gone) into account. */
    public void apply(String keyId, IngestKeyRecord record) {
        String previous = hashById.remove(keyId);
        if (previous != null) {
            byHash.remove(previous);
        }
        if (record != null && record.revokedAt() == null && record.keySha256() != null) {
            hashById.put(keyId, record.keySha256());
            byHash.put(
                    record.keySha256(),
                    new LiveKey(
                            principal(record),
                            record.expiresAt() == null ? null : Instant.parse(record.expiresAt())));
        }
    }

    /** The caller a live key with this secret stands for: known, not revoked, not expired. */
    public Optional<RobovisPrincipal> authenticate(String secret) {
        LiveKey key = byHash.get(sha256(secret));
        if (key == null || (key.expiresAt() != null && !key.expiresAt().isAfter(clock.instant()))) {
            return Optional.empty();
        }
        return Optional.of(key.principal());
    }

    /** The caller a key stands for: its constructor, role ingest, its scope. */
    static RobovisPrincipal principal(IngestKeyRecord key) {
        return new RobovisPrincipal(
                key.keyId(),
                key.tenantId(),
                TenantType.CONSTRUCTOR,
                Role.INGEST,
                key.keyId(),
                new IngestScope(
                        key.robots() == null ? null : new HashSet<>(key.robots()),
                        key.sites() == null ? null : new HashSet<>(key.sites())));
    }

    private record LiveKey(RobovisPrincipal principal, Instant expiresAt) {}

    /** The hex SHA-256 of a key's secret: what is stored and published, never the secret. */
    public static String sha256(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
