package io.robovis.webhook.delivery;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** New leases for claims: now, held for the configured lease, with a random token. */
@Component
class Leases {

    /**
     * A claim's lease: taken {@code at}, held {@code until}, and recognised by {@code token} when
     * its outcome is written (a newer claim has another token).
     */
    record Lease(Instant at, Instant until, long token) {}

    private final Clock clock;
    private final Duration duration;
    private final SecureRandom random = new SecureRandom();

    Leases(Clock clock, DeliveryProperties properties) {
        this.clock = clock;
        this.duration = properties.lease();
    }

    Lease next() {
        Instant now = clock.instant();
        return new Lease(now, now.plus(duration), random.nextLong());
    }
}
