package io.robovis.webhook.webhook;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's webhook as the API shows it; the secret itself is never shown again.
 *
 * @param disabledReason why the platform disabled it (410 from the receiver, days of failures)
 * @param failingSince the first failure of the current run of failed deliveries, else null
 */
record Webhook(
        String id,
        String tenantId,
        String url,
        List<String> events,
        boolean hasSecret,
        boolean active,
        String disabledReason,
        Instant failingSince,
        Instant secretRotationEndsAt,
        Instant createdAt,
        Instant updatedAt) {}
