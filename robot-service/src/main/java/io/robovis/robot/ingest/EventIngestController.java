package io.robovis.robot.ingest;

import io.robovis.common.events.EventReader;
import io.robovis.common.events.EventReader.Read;
import io.robovis.common.events.RobotEvent;
import io.robovis.common.problem.ProblemException;
import io.robovis.common.security.RobovisPrincipal;
import io.robovis.common.security.Role;
import io.robovis.robot.robot.RobotRepository;
import io.robovis.robot.robot.RobotTenancy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/robots/events}: a JSON array or NDJSON of events from a constructor's ingest key,
 * ingest token or admin token (a key's events only for the robots and sites it covers). Answers 202
 * once Kafka acknowledged every accepted event; a readable batch is never refused as a whole, each
 * bad event is rejected with its index.
 */
@RestController
class EventIngestController {

    private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

    private final EventReader reader;
    private final RobotRepository robots;
    private final RobotEventPublisher publisher;
    private final IngestProperties properties;
    private final JsonMapper json;

    EventIngestController(
            EventReader reader,
            RobotRepository robots,
            RobotEventPublisher publisher,
            IngestProperties properties,
            JsonMapper json) {
        this.reader = reader;
        this.robots = robots;
        this.publisher = publisher;
        this.properties = properties;
        this.json = json;
    }

    @PostMapping(
            path = "/v1/robots/events",
            consumes = {MediaType.APPLICATION_JSON_VALUE, "application/x-ndjson"})
    Mono<ResponseEntity<IngestResult>> ingest(
            @AuthenticationPrincipal RobovisPrincipal caller, ServerHttpRequest request) {
        caller.requireRole(Role.INGEST, Role.ADMIN);
        if (!caller.isConstructor()) {
            throw new ProblemException(
                    HttpStatus.FORBIDDEN,
                    "constructor_only",
                    "Events are sent with a credential of the constructor that builds the robots.");
        }
        boolean ndjson = NDJSON.isCompatibleWith(request.getHeaders().getContentType());
        return DataBufferUtils.join(request.getBody(), (int) properties.maxBody().toBytes())
                .map(
                        buffer -> {
                            try {
                                byte[] bytes = new byte[buffer.readableByteCount()];
                                buffer.read(bytes);
                                return bytes;
                            } finally {
                                DataBufferUtils.release(buffer);
                            }
                        })
                .defaultIfEmpty(new byte[0])
                .map(body -> ndjson ? readNdjson(body) : readArray(body))
                .flatMap(batch -> accept(caller, batch))
                .map(result -> ResponseEntity.status(HttpStatus.ACCEPTED).body(result));
    }

    private Mono<IngestResult> accept(RobovisPrincipal caller, Batch batch) {
        List<IngestResult.Rejected> rejected = new ArrayList<>(batch.rejected());
        Map<Integer, RobotEvent> valid = batch.valid();
        Set<String> robotIds = new LinkedHashSet<>();
        valid.values().forEach(event -> robotIds.add(event.robotId()));
        if (valid.isEmpty()) {
            return Mono.just(IngestResult.of(0, rejected));
        }
        return robots.tenancy(robotIds)
                .flatMap(
                        tenancy -> {
                            List<RobotEvent> accepted = new ArrayList<>(valid.size());
                            valid.forEach(
                                    (index, event) -> {
                                        RobotTenancy robot = tenancy.get(event.robotId());
                                        if (robot == null
                                                || !robot.constructorId()
                                                        .equals(caller.tenantId())) {
                                            rejected.add(
                                                    new IngestResult.Rejected(
                                                            index,
                                                            "unknown_robot",
                                                            "robot_id is not a robot provisioned by this constructor"));
                                        } else if (caller.isIngestKey()
                                                && !caller.ingestScope()
                                                        .allows(robot.robotId(), robot.site())) {
                                            rejected.add(
                                                    new IngestResult.Rejected(
                                                            index,
                                                            "out_of_scope",
                                                            "this ingest key does not cover this"
                                                                    + " robot (its robots and"
                                                                    + " sites)"));
                                        } else if (robot.deprovisioned()) {
                                            rejected.add(
                                                    new IngestResult.Rejected(
                                                            index,
                                                            "robot_deprovisioned",
                                                            "this robot was deprovisioned"));
                                        } else {
                                            accepted.add(event);
                                        }
                                    });
                            return publisher
                                    .publish(accepted)
                                    .timeout(properties.kafkaTimeout())
                                    .onErrorMap(EventIngestController::kafkaUnavailable)
                                    .thenReturn(IngestResult.of(accepted.size(), rejected));
                        });
    }

    /** A JSON array: each element read and checked in one pass, its bytes kept as sent. */
    private Batch readArray(byte[] body) {
        Batch batch = new Batch();
        try (JsonParser parser = json.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw unreadable("The body is empty: send a JSON array of events (or NDJSON).");
            }
            if (first != JsonToken.START_ARRAY) {
                throw unreadable(
                        "The body must be a JSON array of events (or NDJSON, one event per line).");
            }
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                checkSize(index + 1);
                batch.add(index++, reader.check(parser, body));
            }
            if (parser.nextToken() != null) {
                throw unreadable("Nothing may follow the array of events.");
            }
            if (index == 0) {
                throw unreadable("The batch is empty.");
            }
        } catch (JacksonException e) {
            throw unreadable(
                    "The body is not valid JSON: send a JSON array of events (or NDJSON).");
        }
        return batch;
    }

    private Batch readNdjson(byte[] body) {
        Batch batch = new Batch();
        int index = 0;
        int unreadable = 0;
        int start = 0;
        while (start < body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            byte[] line = Arrays.copyOfRange(body, start, end);
            start = end + 1;
            if (new String(line, StandardCharsets.UTF_8).isBlank()) {
                continue;
            }
            checkSize(index + 1);
            Read read = reader.check(line);
            if (read.rejection() != null && read.rejection().code().equals("invalid_json")) {
                unreadable++;
                batch.rejected.add(
                        new IngestResult.Rejected(
                                index++, "invalid_json", "this line is not a JSON object"));
            } else {
                batch.add(index++, read);
            }
        }
        if (index == 0) {
            throw unreadable("The batch is empty.");
        }
        if (unreadable == index) {
            throw unreadable(
                    "No line of the body is JSON: send NDJSON, one event object per line.");
        }
        return batch;
    }

    private void checkSize(int count) {
        if (count > properties.maxEvents()) {
            throw new ProblemException(
                    HttpStatus.PAYLOAD_TOO_LARGE,
                    "batch_too_large",
                    "At most "
                            + properties.maxEvents()
                            + " events (and "
                            + properties.maxBody()
                            + ") per request.");
        }
    }

    private static ProblemException unreadable(String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "unreadable_batch", detail);
    }

    private static Throwable kafkaUnavailable(Throwable error) {
        if (error instanceof ProblemException) {
            return error;
        }
        return new ProblemException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "kafka_unavailable",
                error instanceof TimeoutException
                        ? "Kafka did not acknowledge the events in time; nothing is lost, send the batch again."
                        : "Kafka is not reachable; send the batch again shortly.");
    }

    /** The request's events: the valid ones by index, and the rejected ones with their reason. */
    private static final class Batch {
        private final Map<Integer, RobotEvent> valid = new LinkedHashMap<>();
        private final List<IngestResult.Rejected> rejected = new ArrayList<>();

        void add(int index, Read read) {
            if (read.event() != null) {
                valid.put(index, read.event());
            } else {
                rejected.add(
                        new IngestResult.Rejected(
                                index, read.rejection().code(), read.rejection().detail()));
            }
        }

        Map<Integer, RobotEvent> valid() {
            return valid;
        }

        List<IngestResult.Rejected> rejected() {
            return rejected;
        }
    }
}
