package io.robovis.common.db;

import io.r2dbc.spi.Readable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Which events of a batch an idempotent insert ({@code ON CONFLICT (event_id) DO NOTHING}) actually
 * stored, from a single answer row: how many were new, and their ids only when some were not (a
 * redelivery, or a duplicate within the batch). A batch of new events, the usual case, sends no id
 * back.
 */
public final class NewEvents {

    /**
     * The insert, which must end with {@code RETURNING event_id}, wrapped to answer that row; it
     * takes the batch's size as {@code :n}.
     */
    public static String counting(String insertReturningEventId) {
        return "WITH inserted AS (\n"
                + insertReturningEventId
                + ")\nSELECT count(*) AS n,"
                + " CASE WHEN count(*) < :n THEN array_agg(event_id::text) END AS ids\n"
                + "FROM inserted";
    }

    /** The events of the batch that the answer row says were stored, in order, each once. */
    public static <T> List<T> of(Readable row, List<T> batch, Function<T, String> eventId) {
        if (row.get("n", Long.class) == batch.size()) {
            return batch;
        }
        String[] ids = row.get("ids", String[].class);
        Set<String> fresh = new HashSet<>(ids == null ? List.of() : List.of(ids));
        List<T> events = new ArrayList<>(fresh.size());
        for (T event : batch) {
            if (fresh.remove(eventId.apply(event).toLowerCase(Locale.ROOT))) {
                events.add(event);
            }
        }
        return events;
    }

    private NewEvents() {}
}
