package io.robovis.common.db;

import io.r2dbc.spi.Readable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Which events of a batch an idempotent insert ({@code ON CONFLICT (…) DO NOTHING}) actually
 * stored, from a single answer row: how many were new, and their keys only when some were not (a
 * redelivery, or a duplicate within the batch). A batch of new events, the usual case, sends no key
 * back.
 */
public final class NewEvents {

    /**
     * The insert, without a {@code RETURNING} clause, made to answer that row; it takes the batch's
     * size as {@code :n}. An event's key is its {@code keyColumns} as text, joined by spaces. The
     * keys are built only when some event was not new: an aggregate in the answer would build and
     * collect a string for every row of every batch, about 1 µs per row (bench/answer-costs.sql).
     * PostgreSQL runs the subquery in the {@code CASE} branch only when that branch is taken.
     */
    public static String counting(String insert, String... keyColumns) {
        return "WITH inserted AS (\n"
                + insert
                + "\nRETURNING "
                + String.join(", ", keyColumns)
                + "\n), stored AS (SELECT count(*) AS n FROM inserted)\n"
                + "SELECT n, CASE WHEN n < :n THEN (SELECT array_agg("
                + String.join(" || ' ' || ", keyColumns)
                + ") FROM inserted) END AS keys\n"
                + "FROM stored";
    }

    /**
     * The events of the batch that the answer row says were stored, in order, each once; {@code
     * key} gives an event's key as the insert returns it.
     */
    public static <T> List<T> of(Readable row, List<T> batch, Function<T, String> key) {
        if (row.get("n", Long.class) == batch.size()) {
            return batch;
        }
        String[] keys = row.get("keys", String[].class);
        Set<String> fresh = new HashSet<>(keys == null ? List.of() : List.of(keys));
        List<T> events = new ArrayList<>(fresh.size());
        for (T event : batch) {
            if (fresh.remove(key.apply(event))) {
                events.add(event);
            }
        }
        return events;
    }

    private NewEvents() {}
}
