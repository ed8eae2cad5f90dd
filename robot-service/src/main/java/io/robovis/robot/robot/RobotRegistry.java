package io.robovis.robot.robot;

import io.robovis.common.events.Topics;
import io.robovis.common.outbox.Outbox;
import io.robovis.common.outbox.OutboxRecord;
import io.robovis.common.problem.ProblemException;
import io.robovis.common.problem.Problems;
import io.robovis.robot.tenant.TenantDirectory;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registry changes, each committed together with its {@code robovis.robots.v1} record in the
 * outbox, so that the changelog never misses or invents a change.
 */
@Service
class RobotRegistry {

    static final int MAX_BATCH = 10_000;

    private final RobotRepository robots;
    private final TenantDirectory tenants;
    private final Outbox outbox;
    private final TransactionalOperator transaction;
    private final Validator validator;
    private final JsonMapper json;
    private final Clock clock;

    RobotRegistry(
            RobotRepository robots,
            TenantDirectory tenants,
            Outbox outbox,
            TransactionalOperator transaction,
            Validator validator,
            JsonMapper json,
            Clock clock) {
        this.robots = robots;
        this.tenants = tenants;
        this.outbox = outbox;
        this.transaction = transaction;
        this.validator = validator;
        this.json = json;
        this.clock = clock;
    }

    /** The robots of a provisioning body (an object or an array), or a 400 naming each error. */
    List<RobotSpec> parse(JsonNode body) {
        List<JsonNode> items = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(items::add);
        } else if (body.isObject()) {
            items.add(body);
        }
        if (items.isEmpty()) {
            throw new ProblemException(
                    HttpStatus.BAD_REQUEST,
                    "empty_batch",
                    "Send one robot as an object, or up to " + MAX_BATCH + " as an array.");
        }
        if (items.size() > MAX_BATCH) {
            throw new ProblemException(
                    HttpStatus.PAYLOAD_TOO_LARGE,
                    "batch_too_large",
                    "At most "
                            + MAX_BATCH
                            + " robots per request; this one has "
                            + items.size()
                            + ".");
        }
        List<RobotSpec> specs = new ArrayList<>(items.size());
        List<Map<String, Object>> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            RobotSpec spec;
            try {
                spec = json.treeToValue(items.get(i), RobotSpec.class);
            } catch (JacksonException e) {
                errors.add(
                        error(
                                i,
                                null,
                                "not a robot: " + e.getOriginalMessage().split("\\(")[0].trim()));
                continue;
            }
            for (ConstraintViolation<RobotSpec> v : validator.validate(spec)) {
                errors.add(
                        error(
                                i,
                                Problems.jsonName(v.getPropertyPath().toString()),
                                v.getMessage()));
            }
            if (spec.robotId() != null && !seen.add(spec.robotId())) {
                errors.add(error(i, "robot_id", "appears twice in this request"));
            }
            specs.add(spec);
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return specs;
    }

    Mono<List<Robot>> provision(String constructorId, List<RobotSpec> specs) {
        List<String> ids = specs.stream().map(RobotSpec::robotId).toList();
        List<String> clientIds = specs.stream().map(RobotSpec::clientId).distinct().toList();
        return tenants.existingClients(clientIds)
                .flatMap(
                        known -> {
                            List<Map<String, Object>> errors = new ArrayList<>();
                            for (int i = 0; i < specs.size(); i++) {
                                if (!known.contains(specs.get(i).clientId())) {
                                    errors.add(
                                            error(
                                                    i,
                                                    "client_id",
                                                    "no client tenant " + specs.get(i).clientId()));
                                }
                            }
                            return errors.isEmpty()
                                    ? robots.existing(ids)
                                    : Mono.error(invalid(errors));
                        })
                .flatMap(
                        existing -> {
                            if (!existing.isEmpty()) {
                                return Mono.error(
                                        new ProblemException(
                                                HttpStatus.CONFLICT,
                                                "robot_exists",
                                                "Already provisioned: "
                                                        + String.join(
                                                                ", ",
                                                                existing.subList(
                                                                        0,
                                                                        Math.min(
                                                                                20,
                                                                                existing.size())))
                                                        + (existing.size() > 20 ? ", …" : "")
                                                        + ". Nothing was provisioned.",
                                                Map.of("robot_ids", existing),
                                                HttpHeaders.EMPTY));
                            }
                            return robots.insert(specs, constructorId, clock.instant())
                                    .collectList()
                                    .flatMap(created -> publish(created).thenReturn(created))
                                    .as(transaction::transactional);
                        });
    }

    Mono<Robot> update(String robotId, String constructorId, RobotPatch patch) {
        Mono<Void> clientExists =
                patch.clientId() == null
                        ? Mono.empty()
                        : tenants.existingClients(List.of(patch.clientId()))
                                .flatMap(
                                        known ->
                                                known.isEmpty()
                                                        ? Mono.error(
                                                                invalid(
                                                                        List.of(
                                                                                error(
                                                                                        0,
                                                                                        "client_id",
                                                                                        "no client tenant "
                                                                                                + patch
                                                                                                        .clientId()))))
                                                        : Mono.empty());
        return clientExists.then(
                robots.update(robotId, constructorId, patch, clock.instant())
                        .switchIfEmpty(Mono.error(() -> notFound(robotId)))
                        .flatMap(robot -> publish(List.of(robot)).thenReturn(robot))
                        .as(transaction::transactional));
    }

    Mono<Void> deprovision(String robotId, String constructorId) {
        return robots.deprovision(robotId, constructorId, clock.instant())
                .switchIfEmpty(Mono.error(() -> notFound(robotId)))
                .flatMap(
                        robot ->
                                outbox.append(
                                        new OutboxRecord(
                                                Topics.ROBOTS.name(),
                                                robot.robotId(),
                                                null,
                                                UUID.randomUUID().toString(),
                                                "robovis.robot.deprovisioned",
                                                robot.robotId())))
                .as(transaction::transactional);
    }

    private Mono<Void> publish(List<Robot> changed) {
        return outbox.append(
                changed.stream()
                        .map(
                                robot ->
                                        new OutboxRecord(
                                                Topics.ROBOTS.name(),
                                                robot.robotId(),
                                                json.writeValueAsBytes(RobotRecord.of(robot)),
                                                UUID.randomUUID().toString(),
                                                "robovis.robot.updated",
                                                robot.robotId()))
                        .toList());
    }

    static ProblemException notFound(String robotId) {
        return new ProblemException(
                HttpStatus.NOT_FOUND,
                "robot_not_found",
                "No robot " + robotId + " is visible to this tenant.");
    }

    private static ProblemException invalid(List<Map<String, Object>> errors) {
        return ProblemException.invalidFields(
                "Nothing was provisioned: " + errors.size() + " error(s).", errors);
    }

    private static Map<String, Object> error(int index, String field, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("index", index);
        if (field != null) {
            error.put("field", field);
        }
        error.put("message", message);
        return error;
    }
}
