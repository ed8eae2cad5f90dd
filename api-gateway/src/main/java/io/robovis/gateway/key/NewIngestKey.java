package io.robovis.gateway.key;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/**
 * {@code POST /v1/ingest-keys}: a name, the robots and sites it covers (neither: the whole
 * constructor) and an optional expiry.
 */
record NewIngestKey(
        @NotBlank @Size(max = 100) String name,
        @Size(max = 10_000) List<@NotBlank @Size(max = 64) String> robots,
        @Size(max = 1_000) List<@NotBlank @Size(max = 100) String> sites,
        Instant expiresAt) {}
