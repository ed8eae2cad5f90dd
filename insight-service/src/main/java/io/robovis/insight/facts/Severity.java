package io.robovis.insight.facts;

import java.util.Locale;

/** How urgent an insight is, decided from its facts by documented rules (docs/insights.md). */
public enum Severity {
    INFO,
    WARNING,
    CRITICAL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Severity atLeast(Severity other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    public static Severity of(String id) {
        for (Severity s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        return null;
    }
}
