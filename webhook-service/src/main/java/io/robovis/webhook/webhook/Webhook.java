package io.robovis.webhook.webhook;

import java.time.Instant;
import java.util.List;

/** A tenant's webhook as the API shows it; the secret itself is never shown again. */
record Webhook(
        String id,
        String tenantId,
        String url,
        List<String> events,
        boolean hasSecret,
        boolean active,
        String disabledReason,
        Instant secretRotationEndsAt,
        Instant createdAt,
        Instant updatedAt) {}
