package io.robovis.robot.health;

import io.robovis.common.events.PlatformEvent;
import io.robovis.common.events.Topics;
import io.robovis.common.health.HealthModel;
import io.robovis.common.health.HourlyRollup;
import io.robovis.common.health.RobotHealth;
import io.robovis.common.health.RobotHealth.ComponentHealth;
import io.robovis.common.outbox.Outbox;
import io.robovis.common.outbox.OutboxRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scores robots with the {@link HealthModel} and keeps the result: the robot_health row, the
 * compacted robovis.robot-health.v1 record when the score changed, and one prediction.high_risk
 * when a high-risk episode starts. Call it inside a transaction that only one instance runs at a
 * time: the episode check reads the previous state and writes the new one.
 */
@Component
class HealthScoring {

    static final String HIGH_RISK = "prediction.high_risk";

    private final DatabaseClient db;
    private final RollupStore rollups;
    private final Outbox outbox;
    private final JsonMapper json;

    HealthScoring(DatabaseClient db, RollupStore rollups, Outbox outbox, JsonMapper json) {
        this.db = db;
        this.rollups = rollups;
        this.outbox = outbox;
        this.json = json;
    }

    /** A robot's tenancy and its previous score. */
    record Scored(
            String robotId,
            String constructorId,
            String clientId,
            String site,
            Integer healthScore,
            String riskLevel,
            String predictedFailure,
            Double probability,
            Long highSinceMs) {}

    /**
     * What scoring robots as of {@code nowMs} reads, read before scoring starts (a full rescore
     * reads the next pages while it scores one). {@code dataSeqs} are read before the rollups: a
     * robot whose data changes after that is rescored by its next check.
     */
    record Inputs(
            List<String> robotIds,
            Map<String, Long> dataSeqs,
            Map<String, List<HourlyRollup>> rollups,
            long nowMs) {}

    /** Reads what {@link #score(Inputs)} needs for these robots. */
    Mono<Inputs> read(List<String> robotIds, long nowMs) {
        if (robotIds.isEmpty()) {
            return Mono.just(new Inputs(robotIds, Map.of(), Map.of(), nowMs));
        }
        return dataSeqs(robotIds)
                .flatMap(
                        seqs ->
                                rollups.rollups(robotIds, HealthModel.windowStartMs(nowMs))
                                        .map(hours -> new Inputs(robotIds, seqs, hours, nowMs)));
    }

    /** Scores the robots of {@code in} (those still provisioned); emits how many were scored. */
    Mono<Integer> score(Inputs in) {
        if (in.robotIds().isEmpty()) {
            return Mono.just(0);
        }
        // the model is CPU work: off the connection's thread, which reads the next page meanwhile
        return previous(in.robotIds())
                .publishOn(Schedulers.parallel())
                .flatMap(
                        robots -> {
                            List<RobotHealth> results = new ArrayList<>(robots.size());
                            for (Scored robot : robots) {
                                results.add(
                                        HealthModel.score(
                                                robot.robotId(),
                                                in.rollups()
                                                        .getOrDefault(robot.robotId(), List.of()),
                                                in.nowMs(),
                                                RobotHealth.HIGH.equals(robot.riskLevel())));
                            }
                            return save(robots, results, in).thenReturn(robots.size());
                        });
    }

    private Mono<Map<String, Long>> dataSeqs(List<String> robotIds) {
        return db.sql("SELECT robot_id, data_seq FROM robots WHERE robot_id = ANY (:ids::text[])")
                .bind("ids", robotIds.toArray(String[]::new))
                .map(
                        row ->
                                Map.entry(
                                        row.get("robot_id", String.class),
                                        row.get("data_seq", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    private Mono<List<Scored>> previous(List<String> robotIds) {
        return db.sql(
                        """
                        SELECT r.robot_id, r.constructor_id, r.client_id, r.site, h.health_score,
                               h.risk_level, h.predicted_failure, h.probability, h.high_since_ms
                        FROM robots r LEFT JOIN robot_health h USING (robot_id)
                        WHERE r.robot_id = ANY (:ids::text[]) AND r.deprovisioned_at IS NULL
                          AND r.client_id IS NOT NULL
                        ORDER BY r.robot_id
                        """)
                .bind("ids", robotIds.toArray(String[]::new))
                .map(
                        row ->
                                new Scored(
                                        row.get("robot_id", String.class),
                                        row.get("constructor_id", String.class),
                                        row.get("client_id", String.class),
                                        row.get("site", String.class),
                                        row.get("health_score", Integer.class),
                                        row.get("risk_level", String.class),
                                        row.get("predicted_failure", String.class),
                                        row.get("probability", Double.class),
                                        row.get("high_since_ms", Long.class)))
                .all()
                .collectList();
    }

    private Mono<Void> save(List<Scored> robots, List<RobotHealth> results, Inputs in) {
        long nowMs = in.nowMs();
        int n = robots.size();
        String[] ids = new String[n];
        String[] constructors = new String[n];
        String[] clients = new String[n];
        String[] sites = new String[n];
        Integer[] scores = new Integer[n];
        String[] risks = new String[n];
        String[] predicted = new String[n];
        Double[] probabilities = new Double[n];
        Double[] confidences = new Double[n];
        String[] components = new String[n];
        Long[] highSince = new Long[n];
        String[] entries = new String[n];
        Long[] seqs = new Long[n];
        List<OutboxRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Scored before = robots.get(i);
            RobotHealth now = results.get(i);
            boolean high = RobotHealth.HIGH.equals(now.riskLevel());
            boolean episodeStarts = high && !RobotHealth.HIGH.equals(before.riskLevel());
            ids[i] = before.robotId();
            constructors[i] = before.constructorId();
            clients[i] = before.clientId();
            sites[i] = before.site();
            scores[i] = now.healthScore();
            risks[i] = now.riskLevel();
            predicted[i] = now.predictedFailure();
            probabilities[i] = now.probability();
            confidences[i] = now.confidence();
            components[i] = json.writeValueAsString(now.components());
            highSince[i] = !high ? null : episodeStarts ? nowMs : before.highSinceMs();
            entries[i] = openEntry(before, now, highSince[i]);
            seqs[i] = in.dataSeqs().getOrDefault(before.robotId(), -1L);
            if (changed(before, now)) {
                records.add(healthRecord(before, now));
            }
            if (episodeStarts) {
                records.add(highRisk(before, now));
            }
        }
        Mono<Void> upsert =
                db.sql(
                                """
                                INSERT INTO robot_health (robot_id, constructor_id, client_id, site,
                                    health_score, risk_level, predicted_failure, probability, confidence,
                                    components, computed_at_ms, high_since_ms, entry_open, scored_seq)
                                SELECT id, co, cl, si, sc, ri, pf, pr, cf, cm::jsonb, :now, hs, en, sq
                                FROM unnest(:ids::text[], :constructors::text[], :clients::text[],
                                            :sites::text[], :scores::int[], :risks::text[],
                                            :predicted::text[], :probabilities::float8[],
                                            :confidences::float8[], :components::text[], :high::bigint[],
                                            :entries::text[], :seqs::bigint[])
                                     AS x(id, co, cl, si, sc, ri, pf, pr, cf, cm, hs, en, sq)
                                ON CONFLICT (robot_id) DO UPDATE SET
                                  constructor_id = EXCLUDED.constructor_id, client_id = EXCLUDED.client_id,
                                  site = EXCLUDED.site, health_score = EXCLUDED.health_score,
                                  risk_level = EXCLUDED.risk_level,
                                  predicted_failure = EXCLUDED.predicted_failure,
                                  probability = EXCLUDED.probability, confidence = EXCLUDED.confidence,
                                  components = EXCLUDED.components,
                                  computed_at_ms = EXCLUDED.computed_at_ms,
                                  high_since_ms = EXCLUDED.high_since_ms, entry_open = EXCLUDED.entry_open,
                                  scored_seq = EXCLUDED.scored_seq
                                """)
                        .bind("ids", ids)
                        .bind("constructors", constructors)
                        .bind("clients", clients)
                        .bind("sites", sites)
                        .bind("scores", scores)
                        .bind("risks", risks)
                        .bind("predicted", predicted)
                        .bind("probabilities", probabilities)
                        .bind("confidences", confidences)
                        .bind("components", components)
                        .bind("high", highSince)
                        .bind("entries", entries)
                        .bind("seqs", seqs)
                        .bind("now", nowMs)
                        .then();
        return upsert.then(outbox.append(records));
    }

    /**
     * The robot's fleet-health entry without presence and without its closing brace (the answer
     * appends presence and closes it): the contract's four fields first, then what helps to act on
     * them.
     */
    private String openEntry(Scored robot, RobotHealth health, Long highSinceMs) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("robot_id", robot.robotId());
        entry.put("health_score", health.healthScore());
        entry.put("risk_level", health.riskLevel());
        entry.put("predicted_failure", health.predictedFailure());
        entry.put("client_id", robot.clientId());
        entry.put("site", robot.site());
        entry.put("probability", health.probability());
        entry.put("confidence", health.confidence());
        entry.put(
                "high_risk_since", highSinceMs == null ? null : Instant.ofEpochMilli(highSinceMs));
        entry.put("computed_at", Instant.ofEpochMilli(health.computedAtMs()));
        String closed = json.writeValueAsString(entry);
        return closed.substring(0, closed.length() - 1);
    }

    private static boolean changed(Scored before, RobotHealth now) {
        return before.healthScore() == null
                || before.healthScore() != now.healthScore()
                || !now.riskLevel().equals(before.riskLevel())
                || !now.predictedFailure().equals(before.predictedFailure())
                || !Objects.equals(before.probability(), now.probability());
    }

    /** The compacted robot-health record: the score, the tenancy, every component. */
    private OutboxRecord healthRecord(Scored robot, RobotHealth health) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("robot_id", robot.robotId());
        value.put("constructor_id", robot.constructorId());
        value.put("client_id", robot.clientId());
        value.put("site", robot.site());
        value.put("health_score", health.healthScore());
        value.put("risk_level", health.riskLevel());
        value.put("predicted_failure", health.predictedFailure());
        value.put("probability", health.probability());
        value.put("confidence", health.confidence());
        value.put("horizon_days", health.horizonDays());
        value.put("components", health.components());
        value.put("computed_at", Instant.ofEpochMilli(health.computedAtMs()).toString());
        return new OutboxRecord(
                Topics.ROBOT_HEALTH.name(),
                robot.robotId(),
                json.writeValueAsBytes(value),
                UUID.randomUUID().toString(),
                "robot.health",
                robot.robotId());
    }

    /** prediction.high_risk for the robot's client and constructor. */
    private OutboxRecord highRisk(Scored robot, RobotHealth health) {
        ComponentHealth worst = health.components().get(0);
        String id = UUID.randomUUID().toString();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("robot_id", robot.robotId());
        data.put("client_id", robot.clientId());
        data.put("site", robot.site());
        data.put("component", worst.component());
        data.put("probability", worst.probability());
        data.put(
                "expected_at",
                worst.expectedAtMs() == null
                        ? null
                        : Instant.ofEpochMilli(worst.expectedAtMs()).toString());
        data.put("horizon_days", health.horizonDays());
        data.put("evidence", worst.evidence());
        PlatformEvent event =
                new PlatformEvent(
                        id,
                        HIGH_RISK,
                        Instant.ofEpochMilli(health.computedAtMs()).toString(),
                        List.of(robot.clientId(), robot.constructorId()),
                        data);
        return OutboxRecord.platformEvent(event, robot.robotId(), robot.robotId(), json);
    }
}
