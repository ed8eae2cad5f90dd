package io.robovis.robot.projection;

import io.r2dbc.postgresql.codec.Json;
import io.robovis.common.db.NewEvents;
import io.robovis.common.events.RobotEvent;
import io.robovis.common.health.RollupWriter;
import io.robovis.robot.presence.PresenceProperties;
import io.robovis.robot.presence.PresenceTransitions;
import io.robovis.robot.presence.Transition;
import io.robovis.robot.robot.RobotTenancy;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a batch of valid events in one transaction: the events themselves (each once: the same
 * robot, time and id is the same event), the hourly rollups of the new ones (health scoring reads
 * those, never raw events), each robot's presence and latest telemetry, and the robot.online
 * transitions they cause.
 */
@Component
class EventStore {

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final PresenceTransitions transitions;
    private final PresenceProperties presence;
    private final JsonMapper json;
    private final Clock clock;

    EventStore(
            DatabaseClient db,
            TransactionalOperator transaction,
            PresenceTransitions transitions,
            PresenceProperties presence,
            JsonMapper json,
            Clock clock) {
        this.db = db;
        this.transaction = transaction;
        this.transitions = transitions;
        this.presence = presence;
        this.json = json;
        this.clock = clock;
    }

    /**
     * A valid event with the robot's tenancy and its arrival time; its JSON is stored as it arrived
     * (PostgreSQL normalizes it into jsonb).
     */
    record Arrived(RobotEvent event, RobotTenancy robot, long arrivalMs) {
        long tsMs() {
            return event.tsMs();
        }
    }

    Mono<Void> store(List<Arrived> batch) {
        if (batch.isEmpty()) {
            return Mono.empty();
        }
        return insertEvents(batch)
                .flatMap(inserted -> rollups(inserted).write())
                .then(updateRobots(batch))
                .as(transaction::transactional);
    }

    private RollupWriter rollups(List<Arrived> events) {
        RollupWriter rollups = new RollupWriter(db, json);
        for (Arrived a : events) {
            rollups.add(a.robot().robotId(), a.event());
        }
        return rollups;
    }

    /**
     * Inserts the events; emits those that were new (by robot, time and id). The bodies go to
     * PostgreSQL as one JSON array of the events' bytes as sent, bound as {@code jsonb}: no text
     * array literal to escape on this side and to parse on that one.
     */
    private Mono<List<Arrived>> insertEvents(List<Arrived> batch) {
        int n = batch.size();
        String[] ids = new String[n];
        String[] robots = new String[n];
        String[] constructors = new String[n];
        String[] clients = new String[n];
        Long[] ts = new Long[n];
        Long[] received = new Long[n];
        String[] types = new String[n];
        String[] sessions = new String[n];
        for (int i = 0; i < n; i++) {
            Arrived a = batch.get(i);
            RobotEvent e = a.event();
            ids[i] = e.eventId();
            robots[i] = a.robot().robotId();
            constructors[i] = a.robot().constructorId();
            clients[i] = a.robot().clientId();
            ts[i] = e.tsMs();
            received[i] = a.arrivalMs();
            types[i] = e.type();
            sessions[i] = e.sessionId();
        }
        return db.sql(
                        NewEvents.counting(
                                """
                                INSERT INTO events (event_id, robot_id, constructor_id, client_id,
                                                    ts_ms, received_ms, type, session_id, body)
                                SELECT e::uuid, r, c, cl, t, rc, ty, s, b
                                FROM ROWS FROM (unnest(:ids::text[]), unnest(:robots::text[]),
                                                unnest(:constructors::text[]), unnest(:clients::text[]),
                                                unnest(:ts::bigint[]), unnest(:received::bigint[]),
                                                unnest(:types::text[]), unnest(:sessions::text[]),
                                                jsonb_array_elements(:bodies))
                                     AS x(e, r, c, cl, t, rc, ty, s, b)
                                ON CONFLICT (robot_id, ts_ms, event_id) DO NOTHING
                                """,
                                "ts_ms",
                                "event_id",
                                "robot_id"))
                .bind("ids", ids)
                .bind("robots", robots)
                .bind("constructors", constructors)
                .bind("clients", clients)
                .bind("ts", ts)
                .bind("received", received)
                .bind("types", types)
                .bind("sessions", sessions)
                .bind("bodies", Json.of(jsonArray(batch)))
                .bind("n", n)
                .map(row -> NewEvents.of(row, batch, EventStore::key))
                .one();
    }

    /** An event's key as the insert returns it: what makes it the same event (V9). */
    private static String key(Arrived a) {
        return a.tsMs()
                + " "
                + a.event().eventId().toLowerCase(Locale.ROOT)
                + " "
                + a.robot().robotId();
    }

    /** The events' bytes as sent, as the elements of one JSON array. */
    static byte[] jsonArray(List<Arrived> batch) {
        int length = batch.size() + 1;
        for (Arrived a : batch) {
            length += a.event().json().length;
        }
        byte[] array = new byte[length];
        array[0] = '[';
        int at = 0;
        for (Arrived a : batch) {
            if (at > 0) {
                array[at] = ',';
            }
            at++;
            byte[] json = a.event().json();
            System.arraycopy(json, 0, array, at, json.length);
            at += json.length;
        }
        array[at] = ']';
        return array;
    }

    /**
     * One update per robot and batch: last_seen_ms is the latest min(ts_ms, arrival), and only an
     * event within the robot's timeout brings it online (a backfill updates history, never
     * presence); the latest telemetry replaces an older one.
     */
    private Mono<Void> updateRobots(List<Arrived> batch) {
        Map<String, Long> seen = new HashMap<>();
        Map<String, Arrived> telemetry = new HashMap<>();
        for (Arrived a : batch) {
            seen.merge(a.robot().robotId(), Math.min(a.tsMs(), a.arrivalMs()), Math::max);
            if (a.event().isTelemetry()) {
                telemetry.merge(a.robot().robotId(), a, (x, y) -> y.tsMs() > x.tsMs() ? y : x);
            }
        }
        String[] robots = seen.keySet().toArray(String[]::new);
        Long[] seenMs = new Long[robots.length];
        Long[] telemetryTs = new Long[robots.length];
        String[] metrics = new String[robots.length];
        for (int i = 0; i < robots.length; i++) {
            seenMs[i] = seen.get(robots[i]);
            Arrived latest = telemetry.get(robots[i]);
            if (latest != null) {
                telemetryTs[i] = latest.tsMs();
                metrics[i] = latest.event().metricsJson();
            }
        }
        long now = clock.millis();
        return db.sql(
                        """
                        WITH u AS (
                          SELECT * FROM unnest(:robots::text[], :seen::bigint[], :tts::bigint[], :metrics::text[])
                                   AS u(robot_id, seen, tts, metrics)
                        ), prev AS (
                          SELECT r.robot_id, r.online,
                                 COALESCE(r.offline_after_s, t.offline_after_s, :default) AS timeout_s
                          FROM robots r JOIN u USING (robot_id)
                               LEFT JOIN tenants t ON t.tenant_id = r.client_id
                          WHERE r.deprovisioned_at IS NULL
                          ORDER BY r.robot_id
                          FOR UPDATE OF r
                        ), changed AS (
                          UPDATE robots r SET
                            last_seen_ms = GREATEST(COALESCE(r.last_seen_ms, 0), u.seen),
                            data_seq = r.data_seq + 1,
                            online = prev.online OR u.seen >= :now - 1000::bigint * prev.timeout_s,
                            state_changed_ms = CASE
                              WHEN NOT prev.online AND u.seen >= :now - 1000::bigint * prev.timeout_s
                              THEN :now ELSE r.state_changed_ms END,
                            telemetry = CASE
                              WHEN u.tts IS NOT NULL AND (r.telemetry_ts_ms IS NULL OR r.telemetry_ts_ms < u.tts)
                              THEN u.metrics::jsonb ELSE r.telemetry END,
                            telemetry_ts_ms = CASE
                              WHEN u.tts IS NOT NULL AND (r.telemetry_ts_ms IS NULL OR r.telemetry_ts_ms < u.tts)
                              THEN u.tts ELSE r.telemetry_ts_ms END
                          FROM u JOIN prev USING (robot_id)
                          WHERE r.robot_id = u.robot_id
                          RETURNING r.robot_id, r.constructor_id, r.client_id, r.site, r.last_seen_ms,
                                    prev.timeout_s, prev.online AS was_online, r.online AS is_online
                        )
                        SELECT * FROM changed WHERE is_online AND NOT was_online
                        """)
                .bind("robots", robots)
                .bind("seen", seenMs)
                .bind("tts", telemetryTs)
                .bind("metrics", metrics)
                .bind("now", now)
                .bind("default", (int) presence.offlineAfter().toSeconds())
                .map(Transition::of)
                .all()
                .collectList()
                .flatMap(back -> transitions.record(PresenceTransitions.ONLINE, back));
    }
}
