package io.robovis.insight.anomaly;

import io.robovis.common.anomaly.Anomaly;
import io.robovis.common.anomaly.AnomalyChange;
import io.robovis.common.anomaly.RobotDetector;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Runs each robot's {@link RobotDetector} over the events of a projection batch, inside the batch's
 * transaction: the detectors' states are read (row-locked) and written back with the episodes they
 * opened, escalated or ended, and the anomaly.critical of each episode that became critical goes to
 * the outbox. A replayed batch is already in seen_events and never reaches here twice; two
 * instances never hold the same robot's state at once. So each episode is stored once and emits at
 * most one anomaly.critical, across restarts, rebalances and instances.
 */
@Component
public class StreamDetection {

    private final DatabaseClient db;
    private final AnomalyStore store;

    StreamDetection(DatabaseClient db, AnomalyStore store) {
        this.db = db;
        this.store = store;
    }

    /**
     * Feeds each robot's events, in the order given, to its detector.
     *
     * @param events per robot, its events in arrival order
     */
    public Mono<Void> detect(Map<String, List<RobotDetector.Event>> events) {
        if (events.isEmpty()) {
            return Mono.empty();
        }
        String[] robots = events.keySet().stream().sorted().toArray(String[]::new);
        // one index lookup per robot: robot_id = ANY(:robots), with a batch's few hundred robots,
        // was planned as a bitmap scan: 59 µs per row under load (docs/benchmarks.md, runs 49, 53).
        // The states come back as base64: the driver reads a bytea column as hex text and checks
        // it with a regular expression, 12 % of this service's samples after a load (run 64)
        return db.sql(
                        """
                        SELECT d.robot_id, encode(d.state, 'base64') AS state
                        FROM detector_state d JOIN unnest(:robots::text[]) AS u(robot_id) USING (robot_id)
                        ORDER BY robot_id FOR UPDATE OF d
                        """)
                .bind("robots", robots)
                .map(
                        row ->
                                Map.entry(
                                        row.get("robot_id", String.class),
                                        // encode() breaks its lines every 76 characters
                                        Base64.getMimeDecoder()
                                                .decode(row.get("state", String.class))))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .flatMap(states -> run(events, states));
    }

    private Mono<Void> run(
            Map<String, List<RobotDetector.Event>> events, Map<String, byte[]> stored) {
        Map<String, Anomaly> latest = new LinkedHashMap<>(); // each episode as it ends the batch
        List<AnomalyChange> crossings = new ArrayList<>();
        String[] robots = new String[events.size()];
        Integer[] starts = new Integer[events.size()]; // in written, from 1
        Integer[] lengths = new Integer[events.size()];
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        int i = 0;
        for (Map.Entry<String, List<RobotDetector.Event>> robot : events.entrySet()) {
            RobotDetector detector =
                    RobotDetector.fromBytes(robot.getKey(), stored.get(robot.getKey()));
            for (RobotDetector.Event event : robot.getValue()) {
                for (AnomalyChange change : detector.event(event)) {
                    latest.put(change.anomaly().anomalyId(), change.anomaly());
                    if (change.critical() != null) {
                        crossings.add(change);
                    }
                }
            }
            byte[] state = detector.toBytes();
            robots[i] = robot.getKey();
            starts[i] = written.size() + 1;
            lengths[i++] = state.length;
            written.writeBytes(state);
        }
        // the states go as one bytea, cut where each starts: an array of them would be escaped
        // character by character into an array literal
        Mono<Void> saveStates =
                db.sql(
                                """
                                INSERT INTO detector_state AS d (robot_id, state, updated_at)
                                SELECT r, substring(:states::bytea FROM s FOR l), now()
                                FROM unnest(:robots::text[], :starts::int[], :lengths::int[]) AS u(r, s, l)
                                ON CONFLICT (robot_id) DO UPDATE
                                SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at
                                """)
                        .bind("robots", robots)
                        .bind("starts", starts)
                        .bind("lengths", lengths)
                        .bind("states", written.toByteArray())
                        .then();
        return saveStates.then(store.save(new ArrayList<>(latest.values()), crossings));
    }
}
