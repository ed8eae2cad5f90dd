package io.robovis.common.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An ingest key as published on {@link Topics#INGEST_KEYS} (key: the key id): the SHA-256 of the
 * secret (never the secret), the constructor it sends for, its scope (no robots and no sites: the
 * whole constructor) and expiry. A revoked key's record carries {@code revoked_at}.
 */
// a field added by a later gateway must not make an older service drop revocations
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestKeyRecord(
        @JsonProperty("key_id") String keyId,
        @JsonProperty("tenant_id") String tenantId,
        String name,
        @JsonProperty("key_sha256") String keySha256,
        List<String> robots,
        List<String> sites,
        @JsonProperty("expires_at") String expiresAt,
        @JsonProperty("revoked_at") String revokedAt) {}
