package io.robovis.insight.facts;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The 8 kinds of insight (DESIGN.md, "Insights"). */
public enum InsightKind {
    FLEET_HEALTH(false),
    FEATURE_ADOPTION_REPORT(false),
    USER_JOURNEY_ANALYSIS(false),
    FRICTION_EMERGING_USAGE(false),
    CROSS_ENVIRONMENT_COMPARISON(false),
    PREDICTIVE_MAINTENANCE(false),
    ROBOT_ANOMALY(true),
    DAILY_DIGEST(true);

    private final boolean aboutOneRobot;

    InsightKind(boolean aboutOneRobot) {
        this.aboutOneRobot = aboutOneRobot;
    }

    /** The name in the API, e.g. {@code fleet_health}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the kind is about one robot: robot_id is then required. */
    public boolean aboutOneRobot() {
        return aboutOneRobot;
    }

    public static InsightKind of(String id) {
        return Arrays.stream(values()).filter(k -> k.id().equals(id)).findFirst().orElse(null);
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(InsightKind::id).toList();
    }
}
