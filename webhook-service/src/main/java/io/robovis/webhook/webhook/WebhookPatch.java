package io.robovis.webhook.webhook;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Changes to a webhook; absent fields stay. A new {@code secret} starts a rotation: the previous
 * secret keeps signing beside it for {@code secret_grace_s} seconds (default one day).
 */
record WebhookPatch(
        @Size(max = 2000) String url,
        @Size(min = 1, max = 20) List<String> events,
        Boolean active,
        @Size(min = 1, max = 256) @SigningSecret String secret,
        @Min(0) @Max(604800) Integer secretGraceS) {}
