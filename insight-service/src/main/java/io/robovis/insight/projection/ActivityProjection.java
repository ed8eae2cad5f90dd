package io.robovis.insight.projection;

import io.robovis.common.anomaly.RobotDetector;
import io.robovis.common.db.NewEvents;
import io.robovis.common.events.CloudEventHeaders;
import io.robovis.common.events.EventReader;
import io.robovis.common.events.KafkaRetry;
import io.robovis.common.events.ProjectionListener;
import io.robovis.common.events.RobotEvent;
import io.robovis.common.health.HourlyRollup;
import io.robovis.common.health.RollupWriter;
import io.robovis.insight.anomaly.StreamDetection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds insight-service's projections from {@code robovis.robot-events.v1}, one transaction per
 * Kafka batch, committed before the batch's offsets: hourly rollups (telemetry, errors per
 * component, feature uses), per-feature outcomes and durations, sessions with their ordered journey
 * steps, and when each robot was last heard of. An event counts once: its time and id go into
 * {@code seen_events} first and only the events that were new feed the projections. Records that
 * fail the event schema robot-service applies ({@link EventReader}; it forwards them to the
 * rejected topic) are skipped here.
 */
@Component
class ActivityProjection {

    private static final Logger log = LoggerFactory.getLogger(ActivityProjection.class);
    static final int MAX_STEPS = 50;
    static final long DAY_MS = 86_400_000L;

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final JsonMapper json;
    private final Clock clock;
    private final EventReader reader;
    private final StreamDetection detection;

    ActivityProjection(
            DatabaseClient db,
            TransactionalOperator transaction,
            JsonMapper json,
            Clock clock,
            StreamDetection detection) {
        this.db = db;
        this.transaction = transaction;
        this.json = json;
        this.clock = clock;
        this.reader = new EventReader(json, clock);
        this.detection = detection;
    }

    /** A valid event, its id (in lower case) and when it reached the platform. */
    record Event(String id, long seenMs, RobotEvent body) {
        /** What makes it the same event (the key of seen_events), as the insert returns it. */
        String key() {
            return tsMs() + " " + id;
        }

        String robotId() {
            return body.robotId();
        }

        long tsMs() {
            return body.tsMs();
        }

        String type() {
            return body.type();
        }
    }

    @KafkaListener(
            id = "insight-service.activity",
            topics = ProjectionListener.TOPIC,
            concurrency = ProjectionListener.CONCURRENCY,
            properties = {
                ProjectionListener.FETCH_MIN_BYTES,
                ProjectionListener.FETCH_MAX_WAIT,
                ProjectionListener.MAX_POLL_RECORDS,
                ProjectionListener.MAX_PARTITION_FETCH_BYTES
            })
    Mono<Void> onEvents(List<ConsumerRecord<String, byte[]>> records) {
        return KafkaRetry.untilWritten("insight-service.activity", () -> onEventsOnce(records));
    }

    private Mono<Void> onEventsOnce(List<ConsumerRecord<String, byte[]>> records) {
        long now = clock.millis();
        Map<String, Event> events = new java.util.LinkedHashMap<>();
        int unreadable = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            Event event = read(record, now);
            if (event == null) {
                unreadable++;
            } else {
                events.putIfAbsent(event.key(), event);
            }
        }
        if (unreadable > 0) {
            log.debug("Skipped {} records robot-service rejects", unreadable);
        }
        if (events.isEmpty()) {
            return Mono.empty();
        }
        return markSeen(List.copyOf(events.values())) // in arrival order: each robot's order
                .flatMap(batch -> project(batch).then(detection.detect(detectorEvents(batch))))
                .as(transaction::transactional);
    }

    private Event read(ConsumerRecord<String, byte[]> record, long now) {
        RobotEvent event = reader.read(record.value()).event();
        if (event == null) {
            return null;
        }
        return new Event(
                event.eventId().toLowerCase(Locale.ROOT),
                Math.min(event.tsMs(), CloudEventHeaders.receivedMs(record.headers(), now)),
                event);
    }

    /** The detector's view of each robot's events, in arrival order. */
    private static Map<String, List<RobotDetector.Event>> detectorEvents(List<Event> events) {
        Map<String, List<RobotDetector.Event>> byRobot = new java.util.LinkedHashMap<>();
        for (Event e : events) {
            RobotEvent body = e.body();
            byRobot.computeIfAbsent(e.robotId(), k -> new ArrayList<>())
                    .add(
                            new RobotDetector.Event(
                                    e.tsMs(),
                                    e.type(),
                                    // metric names are at most 64 characters: none to truncate
                                    body.isTelemetry() ? new TreeMap<>(body.metrics()) : Map.of(),
                                    text(body.errorComponent()),
                                    text(body.feature()),
                                    text(body.outcome()),
                                    text(body.state())));
        }
        return byRobot;
    }

    private static String text(String value) {
        return value == null ? null : truncate(value);
    }

    /** Records the ids; emits the events that were not seen before, in their order. */
    private Mono<List<Event>> markSeen(List<Event> events) {
        int n = events.size();
        String[] ids = new String[n];
        Long[] ts = new Long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = events.get(i).id();
            ts[i] = events.get(i).tsMs();
        }
        return db.sql(
                        NewEvents.counting(
                                """
                                INSERT INTO seen_events (ts_ms, event_id)
                                SELECT * FROM unnest(:ts::bigint[], :ids::uuid[]) ORDER BY 1, 2
                                ON CONFLICT (ts_ms, event_id) DO NOTHING
                                """,
                                "ts_ms",
                                "event_id"))
                .bind("ids", ids)
                .bind("ts", ts)
                .bind("n", n)
                .map(row -> NewEvents.of(row, events, Event::key))
                .one();
    }

    private Mono<Void> project(List<Event> events) {
        if (events.isEmpty()) {
            return Mono.empty();
        }
        RollupWriter rollups = new RollupWriter(db, json);
        Map<String, Long> lastSeen = new TreeMap<>();
        Map<FeatureKey, FeatureHour> features = new TreeMap<>();
        Map<SessionKey, Session> sessions = new TreeMap<>();
        Map<ErrorKey, int[]> errors = new TreeMap<>();
        for (Event e : events) {
            rollups.add(e.robotId(), e.body());
            lastSeen.merge(e.robotId(), e.seenMs(), Math::max);
            switch (e.type()) {
                case "feature_used" -> feature(e, features);
                case "session_started", "session_ended", "journey_step" -> session(e, sessions);
                case "error" -> error(e, errors);
                default -> {
                    // telemetry and the rest live in the hourly rollups
                }
            }
        }
        return rollups.write()
                .then(writeFeatures("feature_hourly", "hour_ms", features))
                .then(writeFeatures("feature_daily", "day_ms", byDay(features)))
                .then(writeErrors(errors))
                .then(writeSessions(sessions))
                .then(writeLastSeen(lastSeen));
    }

    record FeatureKey(String robotId, long hourMs, String feature)
            implements Comparable<FeatureKey> {
        @Override
        public int compareTo(FeatureKey o) {
            int c = robotId.compareTo(o.robotId);
            if (c == 0) {
                c = Long.compare(hourMs, o.hourMs);
            }
            return c != 0 ? c : feature.compareTo(o.feature);
        }
    }

    static final class FeatureHour {
        int uses;
        int successes;
        int failures;
        int abandoned;
        long durationMs;
        int timed;
    }

    private static void feature(Event e, Map<FeatureKey, FeatureHour> features) {
        String name = e.body().feature();
        if (name == null || name.isEmpty()) {
            return;
        }
        FeatureHour h =
                features.computeIfAbsent(
                        new FeatureKey(
                                e.robotId(),
                                e.tsMs() - Math.floorMod(e.tsMs(), HourlyRollup.HOUR_MS),
                                truncate(name)),
                        k -> new FeatureHour());
        h.uses++;
        switch (e.body().outcome()) {
            case "success" -> h.successes++;
            case "failure" -> h.failures++;
            case "abandoned" -> h.abandoned++;
            default -> {
                // an outcome outside the schema counts as a use only
            }
        }
        if (e.body().durationMs() >= 0) {
            h.durationMs += e.body().durationMs();
            h.timed++;
        }
    }

    record SessionKey(String robotId, String sessionId) implements Comparable<SessionKey> {
        @Override
        public int compareTo(SessionKey o) {
            int c = robotId.compareTo(o.robotId);
            return c != 0 ? c : sessionId.compareTo(o.sessionId);
        }
    }

    static final class Session {
        long firstMs = Long.MAX_VALUE;
        long lastMs = Long.MIN_VALUE;
        boolean started;
        boolean ended;
        final TreeMap<Long, List<String>> steps = new TreeMap<>();
    }

    private static void session(Event e, Map<SessionKey, Session> sessions) {
        String id = e.body().sessionId();
        if (id == null || id.isEmpty()) {
            return;
        }
        Session s =
                sessions.computeIfAbsent(
                        new SessionKey(e.robotId(), truncate(id)), k -> new Session());
        s.firstMs = Math.min(s.firstMs, e.tsMs());
        s.lastMs = Math.max(s.lastMs, e.tsMs());
        switch (e.type()) {
            case "session_started" -> s.started = true;
            case "session_ended" -> s.ended = true;
            default -> {
                String step = e.body().step();
                if (step != null && !step.isEmpty()) {
                    s.steps.computeIfAbsent(e.tsMs(), k -> new ArrayList<>()).add(truncate(step));
                }
            }
        }
    }

    /** Robot-provided names are kept to 100 characters. */
    static String truncate(String value) {
        return value.length() <= 100 ? value : value.substring(0, 100);
    }

    /** The same uses summed per day. */
    private static Map<FeatureKey, FeatureHour> byDay(Map<FeatureKey, FeatureHour> hours) {
        Map<FeatureKey, FeatureHour> days = new TreeMap<>();
        hours.forEach(
                (key, h) -> {
                    FeatureHour d =
                            days.computeIfAbsent(
                                    new FeatureKey(
                                            key.robotId(),
                                            key.hourMs() - Math.floorMod(key.hourMs(), DAY_MS),
                                            key.feature()),
                                    k -> new FeatureHour());
                    d.uses += h.uses;
                    d.successes += h.successes;
                    d.failures += h.failures;
                    d.abandoned += h.abandoned;
                    d.durationMs += h.durationMs;
                    d.timed += h.timed;
                });
        return days;
    }

    record ErrorKey(String robotId, long dayMs, String component) implements Comparable<ErrorKey> {
        @Override
        public int compareTo(ErrorKey o) {
            int c = robotId.compareTo(o.robotId);
            if (c == 0) {
                c = Long.compare(dayMs, o.dayMs);
            }
            return c != 0 ? c : component.compareTo(o.component);
        }
    }

    /** Errors per robot, day and component: [total, critical], as robot_hourly counts them. */
    private static void error(Event e, Map<ErrorKey, int[]> errors) {
        String component = e.body().errorComponent();
        int[] counts =
                errors.computeIfAbsent(
                        new ErrorKey(
                                e.robotId(),
                                e.tsMs() - Math.floorMod(e.tsMs(), DAY_MS),
                                component == null || component.isEmpty()
                                        ? "unknown"
                                        : component), // as robot_hourly names it
                        k -> new int[2]);
        counts[0]++;
        if (e.body().isCriticalError()) {
            counts[1]++;
        }
    }

    private Mono<Void> writeErrors(Map<ErrorKey, int[]> errors) {
        if (errors.isEmpty()) {
            return Mono.empty();
        }
        return db.sql(
                        """
                        INSERT INTO error_daily AS d (robot_id, day_ms, component, total, critical)
                        SELECT * FROM unnest(:robots::text[], :days::bigint[], :components::text[],
                                             :totals::int[], :criticals::int[])
                        ON CONFLICT (robot_id, day_ms, component) DO UPDATE SET
                          total = d.total + EXCLUDED.total, critical = d.critical + EXCLUDED.critical
                        """)
                .bind(
                        "robots",
                        errors.keySet().stream().map(ErrorKey::robotId).toArray(String[]::new))
                .bind("days", errors.keySet().stream().map(ErrorKey::dayMs).toArray(Long[]::new))
                .bind(
                        "components",
                        errors.keySet().stream().map(ErrorKey::component).toArray(String[]::new))
                .bind("totals", errors.values().stream().map(c -> c[0]).toArray(Integer[]::new))
                .bind("criticals", errors.values().stream().map(c -> c[1]).toArray(Integer[]::new))
                .then();
    }

    /** Adds uses to {@code table}, bucketed by {@code bucket} (hour_ms or day_ms). */
    private Mono<Void> writeFeatures(
            String table, String bucket, Map<FeatureKey, FeatureHour> features) {
        if (features.isEmpty()) {
            return Mono.empty();
        }
        int n = features.size();
        String[] robots = new String[n];
        Long[] hours = new Long[n];
        String[] names = new String[n];
        Integer[] uses = new Integer[n];
        Integer[] successes = new Integer[n];
        Integer[] failures = new Integer[n];
        Integer[] abandoned = new Integer[n];
        Long[] durations = new Long[n];
        Integer[] timed = new Integer[n];
        int i = 0;
        for (Map.Entry<FeatureKey, FeatureHour> f : features.entrySet()) {
            robots[i] = f.getKey().robotId();
            hours[i] = f.getKey().hourMs();
            names[i] = f.getKey().feature();
            uses[i] = f.getValue().uses;
            successes[i] = f.getValue().successes;
            failures[i] = f.getValue().failures;
            abandoned[i] = f.getValue().abandoned;
            durations[i] = f.getValue().durationMs;
            timed[i++] = f.getValue().timed;
        }
        return db.sql(
                        """
                        INSERT INTO %s AS f (robot_id, %s, feature, uses, successes,
                                             failures, abandoned, duration_ms, timed)
                        SELECT * FROM unnest(:robots::text[], :hours::bigint[], :names::text[],
                                             :uses::int[], :successes::int[], :failures::int[],
                                             :abandoned::int[], :durations::bigint[], :timed::int[])
                        ON CONFLICT (robot_id, %s, feature) DO UPDATE SET
                          uses = f.uses + EXCLUDED.uses,
                          successes = f.successes + EXCLUDED.successes,
                          failures = f.failures + EXCLUDED.failures,
                          abandoned = f.abandoned + EXCLUDED.abandoned,
                          duration_ms = f.duration_ms + EXCLUDED.duration_ms,
                          timed = f.timed + EXCLUDED.timed
                        """
                                .formatted(table, bucket, bucket))
                .bind("robots", robots)
                .bind("hours", hours)
                .bind("names", names)
                .bind("uses", uses)
                .bind("successes", successes)
                .bind("failures", failures)
                .bind("abandoned", abandoned)
                .bind("durations", durations)
                .bind("timed", timed)
                .then();
    }

    private Mono<Void> writeSessions(Map<SessionKey, Session> sessions) {
        if (sessions.isEmpty()) {
            return Mono.empty();
        }
        int n = sessions.size();
        String[] robots = new String[n];
        String[] ids = new String[n];
        Long[] first = new Long[n];
        Long[] last = new Long[n];
        Boolean[] started = new Boolean[n];
        Boolean[] ended = new Boolean[n];
        String[] steps = new String[n];
        String[] stepTs = new String[n];
        int i = 0;
        for (Map.Entry<SessionKey, Session> e : sessions.entrySet()) {
            Session s = e.getValue();
            robots[i] = e.getKey().robotId();
            ids[i] = e.getKey().sessionId();
            first[i] = s.firstMs;
            last[i] = s.lastMs;
            started[i] = s.started;
            ended[i] = s.ended;
            List<String> names = new ArrayList<>();
            List<Long> times = new ArrayList<>();
            s.steps.forEach(
                    (ts, list) ->
                            list.forEach(
                                    step -> {
                                        if (names.size() < MAX_STEPS) {
                                            names.add(step);
                                            times.add(ts);
                                        }
                                    }));
            // arrays travel as JSON text: an array of arrays cannot be bound directly
            steps[i] = json.writeValueAsString(names);
            stepTs[i++] = json.writeValueAsString(times);
        }
        return db.sql(
                        """
                        INSERT INTO sessions AS s (robot_id, session_id, first_ms, last_ms, started,
                                                   ended, steps, step_ts)
                        SELECT r, i, f, l, st, en,
                               ARRAY(SELECT jsonb_array_elements_text(sj::jsonb)),
                               ARRAY(SELECT jsonb_array_elements_text(tj::jsonb)::bigint)
                        FROM unnest(:robots::text[], :ids::text[], :first::bigint[], :last::bigint[],
                                    :started::boolean[], :ended::boolean[], :steps::text[],
                                    :stepTs::text[]) AS x(r, i, f, l, st, en, sj, tj)
                        ON CONFLICT (robot_id, session_id) DO UPDATE SET
                          first_ms = least(s.first_ms, EXCLUDED.first_ms),
                          last_ms = greatest(s.last_ms, EXCLUDED.last_ms),
                          started = s.started OR EXCLUDED.started,
                          ended = s.ended OR EXCLUDED.ended,
                          steps = ARRAY(SELECT u.step FROM unnest(s.steps || EXCLUDED.steps,
                                                                   s.step_ts || EXCLUDED.step_ts) AS u(step, ts)
                                        ORDER BY u.ts, u.step LIMIT %d),
                          step_ts = ARRAY(SELECT u.ts FROM unnest(s.steps || EXCLUDED.steps,
                                                                  s.step_ts || EXCLUDED.step_ts) AS u(step, ts)
                                          ORDER BY u.ts, u.step LIMIT %d)
                        """
                                .formatted(MAX_STEPS, MAX_STEPS))
                .bind("robots", robots)
                .bind("ids", ids)
                .bind("first", first)
                .bind("last", last)
                .bind("started", started)
                .bind("ended", ended)
                .bind("steps", steps)
                .bind("stepTs", stepTs)
                .then();
    }

    private Mono<Void> writeLastSeen(Map<String, Long> lastSeen) {
        return db.sql(
                        """
                        INSERT INTO robot_activity AS a (robot_id, last_seen_ms)
                        SELECT * FROM unnest(:robots::text[], :seen::bigint[])
                        ON CONFLICT (robot_id) DO UPDATE
                          SET last_seen_ms = greatest(a.last_seen_ms, EXCLUDED.last_seen_ms)
                        """)
                .bind("robots", lastSeen.keySet().toArray(String[]::new))
                .bind("seen", lastSeen.values().toArray(Long[]::new))
                .then();
    }
}
