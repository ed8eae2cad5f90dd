package io.robovis.webhook.delivery;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A delivery as the log shows it.
 *
 * @param event the event type
 * @param nextAttemptAt when a pending delivery is tried next; null once it is finished
 * @param attempts every attempt: {@code attempt, at, status_code, duration_ms, error,
 *     response_body} (the start of the receiver's answer)
 */
record DeliveryView(
        String id,
        String event,
        String eventId,
        String status,
        int attemptCount,
        Integer lastStatusCode,
        Instant nextAttemptAt,
        Instant createdAt,
        Instant updatedAt,
        JsonNode attempts) {}
