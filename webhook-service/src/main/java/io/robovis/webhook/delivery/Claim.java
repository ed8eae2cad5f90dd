package io.robovis.webhook.delivery;

import java.time.Instant;

/**
 * A delivery this instance holds under a lease, with what sending it needs.
 *
 * @param attempt the number this attempt will have in the delivery log (1 for the first)
 * @param retryStep how many scheduled retries came before this attempt
 * @param secret the sealed current secret, or null when deliveries go unsigned
 * @param previousSecret the sealed previous secret while a rotation's grace period runs, else null
 */
record Claim(
        String id,
        String webhookId,
        String url,
        String eventType,
        byte[] payload,
        byte[] secret,
        byte[] previousSecret,
        int attempt,
        int retryStep,
        long lease,
        Instant leaseUntil) {}
