package io.robovis.common.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A conclusion of the platform on {@link Topics#PLATFORM_EVENTS}: {@code robot.offline}, {@code
 * robot.online}, {@code anomaly.critical}, {@code prediction.high_risk}, {@code insight.created},
 * {@code report.ready}.
 *
 * @param id unique event id (also the CloudEvents {@code ce_id})
 * @param type the event type, as webhooks name it
 * @param time ISO-8601 UTC instant of the conclusion
 * @param tenants the tenant ids allowed to see this event
 * @param data the event's data, as delivered in the webhook payload
 */
public record PlatformEvent(
        String id,
        String type,
        String time,
        @JsonProperty("tenants") List<String> tenants,
        Map<String, Object> data) {}
