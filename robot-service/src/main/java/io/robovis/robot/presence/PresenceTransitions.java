package io.robovis.robot.presence;

import io.robovis.common.events.PlatformEvent;
import io.robovis.common.outbox.Outbox;
import io.robovis.common.outbox.OutboxRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records presence transitions, inside the transaction that claimed them: one {@code robot.offline}
 * or {@code robot.online} platform event each (through the outbox) and an entry in the robot's
 * timeline.
 */
@Component
public class PresenceTransitions {

    public static final String OFFLINE = "robot.offline";
    public static final String ONLINE = "robot.online";

    private final Outbox outbox;
    private final DatabaseClient db;
    private final JsonMapper json;
    private final Clock clock;

    PresenceTransitions(Outbox outbox, DatabaseClient db, JsonMapper json, Clock clock) {
        this.outbox = outbox;
        this.db = db;
        this.json = json;
        this.clock = clock;
    }

    public Mono<Void> record(String type, List<Transition> transitions) {
        if (transitions.isEmpty()) {
            return Mono.empty();
        }
        Instant now = clock.instant();
        List<OutboxRecord> records = new ArrayList<>(transitions.size());
        int n = transitions.size();
        String[] ids = new String[n];
        String[] robots = new String[n];
        String[] constructors = new String[n];
        String[] clients = new String[n];
        Long[] ts = new Long[n];
        String[] bodies = new String[n];
        for (int i = 0; i < n; i++) {
            Transition t = transitions.get(i);
            String id = UUID.randomUUID().toString();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("robot_id", t.robotId());
            data.put("client_id", t.clientId());
            data.put("site", t.site());
            data.put("last_seen_ms", t.lastSeenMs());
            data.put("offline_after_s", t.offlineAfterS());
            PlatformEvent event =
                    new PlatformEvent(
                            id,
                            type,
                            now.toString(),
                            List.of(t.clientId(), t.constructorId()),
                            data);
            records.add(OutboxRecord.platformEvent(event, t.robotId(), t.robotId(), json));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("event_id", id);
            entry.put("robot_id", t.robotId());
            entry.put("ts_ms", now.toEpochMilli());
            entry.put("type", type);
            entry.put("last_seen_ms", t.lastSeenMs());
            entry.put("offline_after_s", t.offlineAfterS());
            ids[i] = id;
            robots[i] = t.robotId();
            constructors[i] = t.constructorId();
            clients[i] = t.clientId();
            ts[i] = now.toEpochMilli();
            bodies[i] = json.writeValueAsString(entry);
        }
        Mono<Void> timeline =
                db.sql(
                                """
                                INSERT INTO events (event_id, robot_id, constructor_id, client_id, ts_ms,
                                                    received_ms, type, session_id, body)
                                SELECT e::uuid, r, c, cl, t, t, :type, NULL, b::jsonb
                                FROM unnest(:ids::text[], :robots::text[], :constructors::text[],
                                            :clients::text[], :ts::bigint[], :bodies::text[])
                                     AS x(e, r, c, cl, t, b)
                                """)
                        .bind("type", type)
                        .bind("ids", ids)
                        .bind("robots", robots)
                        .bind("constructors", constructors)
                        .bind("clients", clients)
                        .bind("ts", ts)
                        .bind("bodies", bodies)
                        .then();
        return timeline.then(outbox.append(records));
    }
}
