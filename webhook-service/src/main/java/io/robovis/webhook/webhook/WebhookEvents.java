package io.robovis.webhook.webhook;

import java.util.List;

/** The event types a webhook may subscribe to; {@code *} subscribes to all of them. */
final class WebhookEvents {

    static final String ALL = "*";
    static final List<String> TYPES =
            List.of(
                    "insight.created",
                    "anomaly.critical",
                    "prediction.high_risk",
                    "robot.offline",
                    "robot.online",
                    "report.ready");

    static boolean isValid(String type) {
        return ALL.equals(type) || TYPES.contains(type);
    }

    private WebhookEvents() {}
}
