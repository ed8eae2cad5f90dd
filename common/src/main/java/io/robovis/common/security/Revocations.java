package io.robovis.common.security;

import io.robovis.common.events.RevocationRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's deny list: tokens revoked one by one (logout) and users whose earlier tokens are
 * all revoked (disabled, password or role changed), each kept until the last token it refuses has
 * expired. Fed by {@link IdentityFeed} from {@code robovis.revocations.v1}; checked in memory on
 * every request.
 */
public class Revocations {

    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, UserCut> users = new ConcurrentHashMap<>();
    private final Clock clock;

    public Revocations(Clock clock) {
        this.clock = clock;
    }

    /** Takes a revocation into account (an unknown kind or an expired one is ignored). */
    public void apply(RevocationRecord record) {
        Instant until = Instant.parse(record.expiresAt());
        if (!until.isAfter(clock.instant())) {
            return;
        }
        if (RevocationRecord.TOKEN.equals(record.kind()) && record.tokenId() != null) {
            tokens.merge(record.tokenId(), until, (a, b) -> a.isAfter(b) ? a : b);
        } else if (RevocationRecord.USER.equals(record.kind())
                && record.subject() != null
                && record.minEpoch() != null) {
            users.merge(
                    record.subject(),
                    new UserCut(record.minEpoch(), until),
                    (a, b) ->
                            new UserCut(
                                    Math.max(a.minEpoch(), b.minEpoch()),
                                    a.until().isAfter(b.until()) ? a.until() : b.until()));
        }
    }

    /** Whether a token with this id, subject and session epoch is refused. */
    public boolean isRevoked(String tokenId, String subject, long epoch) {
        if (tokenId != null && tokens.containsKey(tokenId)) {
            return true;
        }
        UserCut cut = subject == null ? null : users.get(subject);
        return cut != null && epoch < cut.minEpoch();
    }

    /** Forgets revocations whose tokens have all expired. */
    public void sweep() {
        Instant now = clock.instant();
        tokens.values().removeIf(until -> !until.isAfter(now));
        users.values().removeIf(cut -> !cut.until().isAfter(now));
    }

    private record UserCut(long minEpoch, Instant until) {}
}
