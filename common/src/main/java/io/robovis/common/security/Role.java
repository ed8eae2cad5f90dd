package io.robovis.common.security;

import java.util.Arrays;
import java.util.Locale;

/** What a user may do inside its tenant. */
public enum Role {
    /** Everything in its tenant. */
    ADMIN,
    /** Read and analyze. */
    ANALYST,
    /** Read only. */
    VIEWER,
    /** Send events ({@code POST /v1/robots/events}) and nothing else. */
    INGEST;

    public String claim() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role of a claim value, or null when it names none. */
    public static Role fromClaim(String value) {
        return Arrays.stream(values())
                .filter(r -> r.claim().equals(value))
                .findFirst()
                .orElse(null);
    }
}
