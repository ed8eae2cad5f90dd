package io.robovis.webhook.webhook;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;

/** POST /v1/webhooks, as the contract shows it. */
record WebhookRequest(
        @NotBlank @Size(max = 2000) String url,
        @NotEmpty @Size(max = 20) List<String> events,
        @Size(min = 1, max = 256) @SigningSecret String secret) {}
