package io.robovis.common.security;

import java.util.Locale;

/** A constructor builds robots; a client operates them. */
public enum TenantType {
    CONSTRUCTOR,
    CLIENT;

    public String claim() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type of a claim value, or null when it names none. */
    public static TenantType fromClaim(String value) {
        for (TenantType type : values()) {
            if (type.claim().equals(value)) {
                return type;
            }
        }
        return null;
    }
}
