package io.robovis.webhook.delivery;

import java.time.Instant;

/**
 * What one attempt gave: the receiver's status (null when no answer came: refused by the SSRF
 * guard, no connection, timeout), how long it took, and the start of its answer.
 */
record Outcome(
        Claim claim,
        Instant at,
        Integer statusCode,
        int durationMs,
        String error,
        String responseBody,
        String retryAfter) {

    boolean delivered() {
        return statusCode != null && statusCode >= 200 && statusCode < 300;
    }

    boolean gone() {
        return statusCode != null && statusCode == 410;
    }

    /** The receiver's {@code Retry-After}, honoured for 429 and 503 only. */
    String honouredRetryAfter() {
        return statusCode != null && (statusCode == 429 || statusCode == 503) ? retryAfter : null;
    }
}
