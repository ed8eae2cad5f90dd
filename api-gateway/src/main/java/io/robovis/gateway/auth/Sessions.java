package io.robovis.gateway.auth;

import io.robovis.common.events.RevocationRecord;
import io.robovis.common.events.Topics;
import io.robovis.common.outbox.Outbox;
import io.robovis.common.outbox.OutboxRecord;
import io.robovis.common.security.Revocations;
import io.robovis.common.security.TokenService;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ends sessions: a revocation is written to the outbox in the transaction of the change that causes
 * it (logout, a user disabled, its password or role changed), so that it reaches {@code
 * robovis.revocations.v1} and every instance of every service even if this one stops; this instance
 * refuses the tokens at once ({@link #applyHere}).
 */
@Component
public class Sessions {

    private final Outbox outbox;
    private final Revocations revocations;
    private final TokenService tokens;
    private final JsonMapper json;
    private final Clock clock;

    Sessions(
            Outbox outbox,
            Revocations revocations,
            TokenService tokens,
            JsonMapper json,
            Clock clock) {
        this.outbox = outbox;
        this.revocations = revocations;
        this.tokens = tokens;
        this.json = json;
        this.clock = clock;
    }

    /** One token (logout), refused until it expires. */
    public Mono<RevocationRecord> revokeToken(
            String tokenId, String subject, String tenantId, Instant expiresAt) {
        return write(
                new RevocationRecord(
                        RevocationRecord.TOKEN,
                        tokenId,
                        subject,
                        tenantId,
                        null,
                        expiresAt.toString(),
                        clock.instant().toString()));
    }

    /** Every token of the user issued before its session epoch became {@code newEpoch}. */
    public Mono<RevocationRecord> revokeUser(String username, String tenantId, long newEpoch) {
        Instant now = clock.instant();
        return write(
                new RevocationRecord(
                        RevocationRecord.USER,
                        null,
                        username,
                        tenantId,
                        newEpoch,
                        now.plus(tokens.ttl()).toString(),
                        now.toString()));
    }

    /** Refuses the revoked tokens on this instance now, once the change is committed. */
    public void applyHere(RevocationRecord record) {
        revocations.apply(record);
    }

    private Mono<RevocationRecord> write(RevocationRecord record) {
        return outbox.append(
                        new OutboxRecord(
                                Topics.REVOCATIONS.name(),
                                record.key(),
                                json.writeValueAsBytes(record),
                                UUID.randomUUID().toString(),
                                "robovis.session.revoked",
                                null))
                .thenReturn(record);
    }
}
