package io.robovis.common.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A revocation, as published on {@link Topics#REVOCATIONS}: one token ({@code kind} {@code token},
 * its {@code token_id}), or every token of a user issued before its session epoch reached {@code
 * min_epoch} ({@code kind} {@code user}). {@code expires_at}: when the last token it refuses
 * expires, after which it can be forgotten.
 */
// a field added by a later gateway must not make an older service drop revocations
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RevocationRecord(
        String kind,
        @JsonProperty("token_id") String tokenId,
        String subject,
        @JsonProperty("tenant_id") String tenantId,
        @JsonProperty("min_epoch") Long minEpoch,
        @JsonProperty("expires_at") String expiresAt,
        @JsonProperty("revoked_at") String revokedAt) {

    public static final String TOKEN = "token";
    public static final String USER = "user";

    /** The record's key: revocations of one user or one token stay in order. */
    public String key() {
        return TOKEN.equals(kind) ? "token:" + tokenId : "user:" + subject;
    }
}
