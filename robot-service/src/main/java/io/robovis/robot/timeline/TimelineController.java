package io.robovis.robot.timeline;

import io.robovis.common.events.EventReader;
import io.robovis.common.problem.ProblemException;
import io.robovis.common.security.RobovisPrincipal;
import io.robovis.common.web.Cursors;
import io.robovis.robot.presence.PresenceTransitions;
import io.robovis.robot.robot.RobotRepository;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * A robot's activity, newest first: sessions with their feature uses and journey steps, errors,
 * status changes and online/offline transitions. Telemetry and heartbeats only when asked for.
 * Readable by the robot's client and its constructor; anyone else gets 404.
 */
@RestController
class TimelineController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final Set<String> DEFAULT_TYPES =
            Set.of(
                    "session_started",
                    "session_ended",
                    "feature_used",
                    "journey_step",
                    "error",
                    "status",
                    PresenceTransitions.ONLINE,
                    PresenceTransitions.OFFLINE);

    private final RobotRepository robots;
    private final TimelineRepository timeline;

    TimelineController(RobotRepository robots, TimelineRepository timeline) {
        this.robots = robots;
        this.timeline = timeline;
    }

    @GetMapping("/v1/client/robots/{id}/timeline")
    Mono<ResponseEntity<List<JsonNode>>> timeline(
            @AuthenticationPrincipal RobovisPrincipal caller,
            @PathVariable String id,
            @RequestParam(name = "from_ms", required = false) Long fromMs,
            @RequestParam(name = "to_ms", required = false) Long toMs,
            @RequestParam(required = false) String types,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor,
            ServerWebExchange exchange) {
        int size = Cursors.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        Set<String> wanted = types == null ? DEFAULT_TYPES : parseTypes(types);
        TimelineQuery.Position after =
                cursor == null ? null : TimelineQuery.Position.decode(cursor);
        TimelineQuery query = new TimelineQuery(caller, id, fromMs, toMs, wanted, after, size + 1);
        return robots.findVisible(id, caller)
                .switchIfEmpty(
                        Mono.error(
                                () ->
                                        new ProblemException(
                                                HttpStatus.NOT_FOUND,
                                                "robot_not_found",
                                                "No robot " + id + " is visible to this tenant.")))
                .flatMap(robot -> timeline.find(query).collectList())
                .map(page -> Cursors.page(exchange, page, size, TimelineQuery.Position::of));
    }

    private static Set<String> parseTypes(String types) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String type : types.split(",")) {
            String t = type.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (!EventReader.TYPES.contains(t) && !DEFAULT_TYPES.contains(t)) {
                throw new ProblemException(
                        HttpStatus.BAD_REQUEST,
                        "invalid_parameter",
                        "types takes a comma-separated list of: "
                                + String.join(", ", new java.util.TreeSet<>(union())));
            }
            wanted.add(t);
        }
        if (wanted.isEmpty()) {
            throw new ProblemException(
                    HttpStatus.BAD_REQUEST, "invalid_parameter", "types is empty.");
        }
        return wanted;
    }

    private static Set<String> union() {
        Set<String> all = new LinkedHashSet<>(EventReader.TYPES);
        all.addAll(DEFAULT_TYPES);
        return all;
    }
}
