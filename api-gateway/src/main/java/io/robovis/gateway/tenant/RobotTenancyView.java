package io.robovis.gateway.tenant;

import io.robovis.common.events.KafkaRetry;
import io.robovis.common.events.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's view of which constructor built each robot and which client runs it, from the
 * {@code robovis.robots.v1} changelog: the clients a constructor serves. One statement per batch
 * for the upserts and one for the deprovisionings.
 */
@Component
class RobotTenancyView {

    private static final Logger log = LoggerFactory.getLogger(RobotTenancyView.class);

    private final DatabaseClient db;
    private final JsonMapper json;

    RobotTenancyView(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    @KafkaListener(
            id = "api-gateway.robots",
            topics = "#{T(io.robovis.common.events.Topics).ROBOTS.name()}")
    Mono<Void> onRobots(List<ConsumerRecord<String, byte[]>> records) {
        // the latest record of each robot in the batch wins (the topic keeps each robot in order)
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.key() == null) {
                continue;
            }
            try {
                latest.put(
                        record.key(),
                        record.value() == null ? null : json.readTree(record.value()));
            } catch (RuntimeException e) {
                log.warn(
                        "Skipping unreadable record {} of {}: {}",
                        record.offset(),
                        Topics.ROBOTS.name(),
                        e.toString());
            }
        }
        return KafkaRetry.untilWritten("api-gateway.robots", () -> write(latest));
    }

    private Mono<Void> write(Map<String, JsonNode> latest) {
        List<String> ids = new ArrayList<>();
        List<String> constructors = new ArrayList<>();
        List<String> clients = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        latest.forEach(
                (robotId, robot) -> {
                    String constructor = robot == null ? null : text(robot, "constructor_id");
                    if (constructor == null) {
                        gone.add(robotId);
                    } else {
                        ids.add(robotId);
                        constructors.add(constructor);
                        clients.add(text(robot, "client_id"));
                    }
                });
        Mono<Void> upserts =
                ids.isEmpty()
                        ? Mono.empty()
                        : db.sql(
                                        """
                                        INSERT INTO robot_tenancy (robot_id, constructor_id, client_id)
                                        SELECT * FROM unnest(:ids::text[], :constructors::text[],
                                                             :clients::text[])
                                        ON CONFLICT (robot_id) DO UPDATE SET
                                          constructor_id = EXCLUDED.constructor_id,
                                          client_id = EXCLUDED.client_id
                                        """)
                                .bind("ids", ids.toArray(String[]::new))
                                .bind("constructors", constructors.toArray(String[]::new))
                                .bind("clients", clients.toArray(String[]::new))
                                .then();
        Mono<Void> deletes =
                gone.isEmpty()
                        ? Mono.empty()
                        : db.sql("DELETE FROM robot_tenancy WHERE robot_id = ANY(:ids)")
                                .bind("ids", gone.toArray(String[]::new))
                                .then();
        return upserts.then(deletes);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
