package io.robovis.robot.robot;

import io.robovis.common.problem.ProblemException;
import io.robovis.common.security.RobovisPrincipal;
import io.robovis.common.web.Cursors;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The robot registry: provisioning by constructor admins, scoped reads for everyone. */
@RestController
@RequestMapping("/v1/robots")
class RobotController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final RobotRegistry registry;
    private final RobotRepository robots;
    private final JsonMapper json;

    RobotController(RobotRegistry registry, RobotRepository robots, JsonMapper json) {
        this.registry = registry;
        this.robots = robots;
        this.json = json;
    }

    @GetMapping
    Mono<ResponseEntity<List<RobotView>>> list(
            @AuthenticationPrincipal RobovisPrincipal caller,
            @RequestParam(name = "client_id", required = false) String clientId,
            @RequestParam(required = false) String site,
            @RequestParam(required = false) String environment,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor,
            ServerWebExchange exchange) {
        int size = Cursors.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        if (status != null && !List.of("online", "offline", "never_seen").contains(status)) {
            throw new ProblemException(
                    HttpStatus.BAD_REQUEST,
                    "invalid_parameter",
                    "status must be one of: online, offline, never_seen.");
        }
        String after = cursor == null ? null : Cursors.decode(cursor);
        RobotQuery query = new RobotQuery(clientId, site, environment, status, after, size + 1);
        return robots.list(caller, query)
                .map(RobotView::of)
                .collectList()
                .map(page -> Cursors.page(exchange, page, size, RobotView::robotId));
    }

    @GetMapping("/{id}")
    Mono<RobotView> get(@AuthenticationPrincipal RobovisPrincipal caller, @PathVariable String id) {
        return robots.findVisible(id, caller)
                .switchIfEmpty(Mono.error(() -> RobotRegistry.notFound(id)))
                .flatMap(
                        robot ->
                                robots.latestTelemetry(id)
                                        .map(json::readTree)
                                        .map(t -> RobotView.of(robot, t))
                                        .defaultIfEmpty(RobotView.of(robot)));
    }

    /** One robot (an object) or many (an array of up to 10,000): all are provisioned, or none. */
    @PostMapping
    Mono<ResponseEntity<Object>> provision(
            @AuthenticationPrincipal RobovisPrincipal caller, @RequestBody JsonNode body) {
        requireConstructorAdmin(caller);
        boolean many = body.isArray();
        return registry.provision(caller.tenantId(), registry.parse(body))
                .map(
                        created ->
                                ResponseEntity.status(HttpStatus.CREATED)
                                        .headers(
                                                headers -> {
                                                    if (!many) {
                                                        headers.set(
                                                                "Location",
                                                                "/v1/robots/"
                                                                        + created.get(0).robotId());
                                                    }
                                                })
                                        .body(
                                                many
                                                        ? created.stream()
                                                                .map(RobotView::of)
                                                                .toList()
                                                        : RobotView.of(created.get(0))));
    }

    @PatchMapping("/{id}")
    Mono<RobotView> update(
            @AuthenticationPrincipal RobovisPrincipal caller,
            @PathVariable String id,
            @Valid @RequestBody RobotPatch patch) {
        requireConstructorAdmin(caller);
        return registry.update(id, caller.tenantId(), patch).map(RobotView::of);
    }

    @DeleteMapping("/{id}")
    Mono<ResponseEntity<Void>> deprovision(
            @AuthenticationPrincipal RobovisPrincipal caller, @PathVariable String id) {
        requireConstructorAdmin(caller);
        return registry.deprovision(id, caller.tenantId())
                .thenReturn(ResponseEntity.noContent().build());
    }

    private static void requireConstructorAdmin(RobovisPrincipal caller) {
        caller.requireConstructorAdmin(
                "Only the constructor that builds a robot provisions and changes it.");
    }
}
