package io.robovis.common.health;

import io.robovis.common.events.RobotEvent;
import io.robovis.common.health.HourlyRollup.ErrorCount;
import io.robovis.common.health.HourlyRollup.Stat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Adds newly stored events to their robot-hour's rollup in the service's {@code robot_hourly}
 * table, in the batch's transaction: counts and sums add up, minimums and maximums merge, so a late
 * event lands in its hour exactly and a duplicate, never passed in, adds nothing. The table and its
 * {@code merge_stats} / {@code merge_counts} functions are created by each owning service's
 * migrations (robot-service V6, insight-service V2).
 */
public final class RollupWriter {

    private final DatabaseClient db;
    private final RollupJson text;
    private final Map<String, RollupBuilder> byRobot = new TreeMap<>();

    public RollupWriter(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.text = new RollupJson(json);
    }

    /** Feeds one event stored for {@code robotId}; unknown metric names are kept. */
    public RollupWriter add(String robotId, RobotEvent event) {
        byRobot.computeIfAbsent(robotId, id -> new RollupBuilder())
                .event(
                        event.tsMs(),
                        event.type(),
                        event.metrics(),
                        event.errorComponent(),
                        event.isCriticalError(),
                        event.outcome());
        return this;
    }

    /**
     * Writes what was fed in one transaction's worth of statements: the hours already stored are
     * locked (in key order), merged here and rewritten; the new ones are inserted. Merging in SQL
     * (jsonb_each, a join and jsonb_object_agg per row) cost the database about eight times what
     * reading and rewriting the row does, on every hour of every batch. An hour that another
     * transaction inserts meanwhile is merged by the insert's conflict clause. Locking the stored
     * hours and inserting the new ones are two steps, each in key order, not one: transactions
     * adding to the same hours at once (one robot's events in two partitions, or a rebalance) can
     * wait on each other, and then PostgreSQL aborts one and its batch is retried whole.
     */
    public Mono<Void> write() {
        if (byRobot.isEmpty()) {
            return Mono.empty();
        }
        List<Hour> hours = new ArrayList<>();
        byRobot.forEach(
                (robot, builder) -> {
                    for (HourlyRollup hour : builder.rollups(Long.MAX_VALUE)) {
                        hours.add(new Hour(robot, hour));
                    }
                });
        return stored(hours)
                .flatMap(
                        stored -> {
                            List<Hour> merged = new ArrayList<>(stored.size());
                            List<Hour> fresh = new ArrayList<>(hours.size() - stored.size());
                            for (Hour h : hours) {
                                Stored before = stored.get(h.key());
                                if (before == null) {
                                    fresh.add(h);
                                } else {
                                    merged.add(h.plus(before, text));
                                }
                            }
                            return update(merged).then(insert(fresh));
                        });
    }

    private record Key(String robotId, long hourMs) {}

    /** A robot-hour's new events, or (after {@link #plus}) its whole metrics and errors. */
    private record Hour(String robotId, HourlyRollup rollup) {
        Key key() {
            return new Key(robotId, rollup.hourMs());
        }

        Hour plus(Stored before, RollupJson text) {
            Map<String, Stat> metrics = text.metrics(before.metrics());
            rollup.metrics().forEach((name, s) -> metrics.merge(name, s, Stat::plus));
            Map<String, ErrorCount> errors = new HashMap<>(text.errors(before.errors()));
            rollup.errors().forEach((c, n) -> errors.merge(c, n, ErrorCount::plus));
            return new Hour(
                    robotId,
                    new HourlyRollup(
                            rollup.hourMs(),
                            metrics,
                            errors,
                            rollup.featureUses(),
                            rollup.featureFailures(),
                            rollup.events()));
        }
    }

    private record Stored(String metrics, String errors) {}

    /** The stored hours among these, locked until the transaction ends. */
    private Mono<Map<Key, Stored>> stored(List<Hour> hours) {
        return db.sql(
                        """
                        SELECT h.robot_id, h.hour_ms, h.metrics::text, h.errors::text
                        FROM robot_hourly h
                        JOIN unnest(:robots::text[], :hours::bigint[]) AS x(r, t)
                          ON h.robot_id = x.r AND h.hour_ms = x.t
                        ORDER BY h.robot_id, h.hour_ms
                        FOR UPDATE OF h
                        """)
                .bind("robots", hours.stream().map(Hour::robotId).toArray(String[]::new))
                .bind("hours", hours.stream().map(h -> h.rollup().hourMs()).toArray(Long[]::new))
                .map(
                        row ->
                                Map.entry(
                                        new Key(row.get(0, String.class), row.get(1, Long.class)),
                                        new Stored(
                                                row.get(2, String.class),
                                                row.get(3, String.class))))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** Rewrites locked hours: metrics and errors as merged here, counts added. */
    private Mono<Void> update(List<Hour> hours) {
        if (hours.isEmpty()) {
            return Mono.empty();
        }
        return bind(
                        hours,
                        """
                        UPDATE robot_hourly h SET
                          metrics = x.m::json, errors = x.e::json,
                          feature_uses = h.feature_uses + x.u,
                          feature_failures = h.feature_failures + x.f,
                          events = h.events + x.n
                        FROM unnest(:robots::text[], :hours::bigint[], :metrics::text[], :errors::text[],
                                    :uses::int[], :failures::int[], :counts::int[]) AS x(r, t, m, e, u, f, n)
                        WHERE h.robot_id = x.r AND h.hour_ms = x.t
                        """)
                .then();
    }

    /** Inserts new hours; one inserted meanwhile by another transaction is merged with them. */
    private Mono<Void> insert(List<Hour> hours) {
        if (hours.isEmpty()) {
            return Mono.empty();
        }
        return bind(
                        hours,
                        """
                        INSERT INTO robot_hourly (robot_id, hour_ms, metrics, errors, feature_uses,
                                                  feature_failures, events)
                        SELECT r, t, m::json, e::json, u, f, n
                        FROM unnest(:robots::text[], :hours::bigint[], :metrics::text[], :errors::text[],
                                    :uses::int[], :failures::int[], :counts::int[]) AS x(r, t, m, e, u, f, n)
                        ORDER BY r, t
                        ON CONFLICT (robot_id, hour_ms) DO UPDATE SET
                          metrics = merge_stats(robot_hourly.metrics, EXCLUDED.metrics),
                          errors = merge_counts(robot_hourly.errors, EXCLUDED.errors),
                          feature_uses = robot_hourly.feature_uses + EXCLUDED.feature_uses,
                          feature_failures = robot_hourly.feature_failures + EXCLUDED.feature_failures,
                          events = robot_hourly.events + EXCLUDED.events
                        """)
                .then();
    }

    private DatabaseClient.GenericExecuteSpec bind(List<Hour> hours, String sql) {
        int n = hours.size();
        String[] robots = new String[n];
        Long[] starts = new Long[n];
        String[] metrics = new String[n];
        String[] errors = new String[n];
        Integer[] uses = new Integer[n];
        Integer[] failures = new Integer[n];
        Integer[] counts = new Integer[n];
        for (int i = 0; i < n; i++) {
            HourlyRollup h = hours.get(i).rollup();
            robots[i] = hours.get(i).robotId();
            starts[i] = h.hourMs();
            metrics[i] = text.metricsText(h.metrics());
            errors[i] = text.errorsText(h.errors());
            uses[i] = h.featureUses();
            failures[i] = h.featureFailures();
            counts[i] = h.events();
        }
        return db.sql(sql)
                .bind("robots", robots)
                .bind("hours", starts)
                .bind("metrics", metrics)
                .bind("errors", errors)
                .bind("uses", uses)
                .bind("failures", failures)
                .bind("counts", counts);
    }
}
