package io.robovis.common.security;

import io.robovis.common.events.IngestKeyRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The ingest keys this instance accepts, by the SHA-256 of their secret: fed by {@link
 * IdentityFeed} from {@code robovis.ingest-keys.v1}, so a key check is a hash and a map lookup. A
 * revocation is final: once a key id is seen revoked, no later (or replayed) record of it makes it
 * live again.
 */
public class IngestKeyDirectory {

    /** Every ingest key starts with it; a bearer credential without it is a JWT. */
    public static final String PREFIX = "rk_";

    /** Requests waiting for keys not known yet, at most: beyond, an unknown key is refused. */
    static final int MAX_WAITING = 1_000;

    private final Map<String, LiveKey> byHash = new ConcurrentHashMap<>();
    private final Map<String, String> hashById = new ConcurrentHashMap<>();
    private final Set<String> revokedIds = ConcurrentHashMap.newKeySet();
    private final Set<String> revokedHashes = ConcurrentHashMap.newKeySet();
    private final Map<String, Sinks.Empty<Void>> arrivals = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final Clock clock;

    public IngestKeyDirectory(Clock clock) {
        this.clock = clock;
    }

    /** Takes a key's latest record (null: the key is gone) into account. */
    public void apply(String keyId, IngestKeyRecord record) {
        String arrived = null;
        synchronized (this) {
            if (revokedIds.contains(keyId)) {
                return;
            }
            String previous = hashById.remove(keyId);
            if (previous != null) {
                byHash.remove(previous);
            }
            if (record == null || record.revokedAt() != null) {
                revokedIds.add(keyId);
                if (previous != null) {
                    revokedHashes.add(previous);
                }
                if (record != null && record.keySha256() != null) {
                    revokedHashes.add(record.keySha256());
                }
            } else if (record.keySha256() != null) {
                hashById.put(keyId, record.keySha256());
                byHash.put(
                        record.keySha256(),
                        new LiveKey(
                                principal(record),
                                record.expiresAt() == null
                                        ? null
                                        : Instant.parse(record.expiresAt())));
                arrived = record.keySha256();
            }
        }
        Sinks.Empty<Void> waiters = arrived == null ? null : arrivals.remove(arrived);
        if (waiters != null) {
            waiters.tryEmitEmpty();
        }
    }

    /**
     * The caller a key stands for. A key this instance has never seen may have just been created
     * elsewhere (its record is on its way): the answer waits up to {@code grace} for it. A revoked
     * or expired key is refused at once.
     */
    public Mono<RobovisPrincipal> authenticate(String secret, Duration grace) {
        String hash = sha256(secret);
        Optional<RobovisPrincipal> known = lookup(hash);
        if (known.isPresent()) {
            return Mono.just(known.get());
        }
        if (byHash.containsKey(hash) || revokedHashes.contains(hash)) {
            return Mono.empty(); // expired or revoked
        }
        if (waiting.incrementAndGet() > MAX_WAITING) {
            waiting.decrementAndGet();
            return Mono.empty();
        }
        Sinks.Empty<Void> arrival = arrivals.computeIfAbsent(hash, h -> Sinks.empty());
        // looked up again once registered: a key applied in between is not missed
        Optional<RobovisPrincipal> meanwhile = lookup(hash);
        if (meanwhile.isPresent()) {
            waiting.decrementAndGet();
            return Mono.just(meanwhile.get());
        }
        return arrival.asMono()
                .then(Mono.fromCallable(() -> lookup(hash).orElse(null)))
                .timeout(grace, Mono.empty())
                // the arrival is signalled on the feed's thread: continue elsewhere
                .publishOn(Schedulers.parallel())
                .doFinally(
                        signal -> {
                            waiting.decrementAndGet();
                            // forgotten once nobody waits for it (unknown keys do not pile up)
                            if (arrival.currentSubscriberCount() == 0) {
                                arrivals.remove(hash, arrival);
                            }
                        });
    }

    /** The caller a live key with this hash stands for: known, not revoked, not expired. */
    private Optional<RobovisPrincipal> lookup(String hash) {
        LiveKey key = byHash.get(hash);
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
