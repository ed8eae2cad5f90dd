package io.robovis.robot.timeline;

import io.robovis.common.security.RobovisPrincipal;
import io.robovis.common.web.Cursors;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** One page of a robot's timeline: newest first, strictly before {@code after} when given. */
record TimelineQuery(
        RobovisPrincipal caller,
        String robotId,
        Long fromMs,
        Long toMs,
        Set<String> types,
        Position after,
        int limit) {

    /** Where a page ends: (ts_ms, event_id), the timeline's sort key. */
    record Position(long tsMs, String eventId) {

        static String of(JsonNode entry) {
            return entry.get("ts_ms").asLong() + ":" + entry.get("event_id").asString();
        }

        static Position decode(String cursor) {
            String key = Cursors.decode(cursor);
            int colon = key.indexOf(':');
            try {
                return new Position(
                        Long.parseLong(key.substring(0, colon)),
                        java.util.UUID.fromString(key.substring(colon + 1)).toString());
            } catch (RuntimeException e) {
                throw Cursors.invalidCursor();
            }
        }
    }
}
