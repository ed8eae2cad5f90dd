package io.robovis.robot.health;

import io.robovis.common.health.RobotHealth;
import io.robovis.common.problem.ProblemException;
import io.robovis.common.security.RobovisPrincipal;
import io.robovis.common.web.Cursors;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Fleet health and failure predictions, worst first. The contract's client routes answer client
 * tokens; a constructor's view across its clients is {@code /v1/fleet-health} and {@code
 * /v1/predictions} (DESIGN.md).
 */
@RestController
class HealthController {

    static final int DEFAULT_LIMIT = 10_000;
    static final int MAX_LIMIT = 10_000;
    static final List<String> RISK_LEVELS =
            List.of(RobotHealth.LOW, RobotHealth.MEDIUM, RobotHealth.HIGH);

    private final HealthRepository health;

    HealthController(HealthRepository health) {
        this.health = health;
    }

    /**
     * {@code /v1/client/fleet-health} for client tokens, {@code /v1/fleet-health} (filter {@code
     * client_id}) for constructors: the same answer over the caller's robots.
     */
    @GetMapping(
            value = {"/v1/client/fleet-health", "/v1/fleet-health"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<byte[]> fleetHealth(
            @AuthenticationPrincipal RobovisPrincipal caller,
            @RequestParam(name = "client_id", required = false) String clientId,
            @RequestParam(required = false) String site,
            @RequestParam(name = "risk_level", required = false) String riskLevel,
            @RequestParam(name = "robot_id", required = false) String robotId,
            @RequestParam(required = false) String include,
            @RequestParam(required = false) String limit,
            ServerWebExchange exchange) {
        requireView(caller, exchange, clientId, "fleet-health");
        return health.fleetHealth(
                caller, query(clientId, site, riskLevel, robotId, null, limit), drivers(include));
    }

    /**
     * {@code /v1/client/predictions} for client tokens, {@code /v1/predictions} for constructors.
     */
    @GetMapping({"/v1/client/predictions", "/v1/predictions"})
    Mono<List<Map<String, Object>>> predictions(
            @AuthenticationPrincipal RobovisPrincipal caller,
            @RequestParam(name = "client_id", required = false) String clientId,
            @RequestParam(required = false) String site,
            @RequestParam(name = "risk_level", required = false) String riskLevel,
            @RequestParam(name = "robot_id", required = false) String robotId,
            @RequestParam(name = "min_probability", required = false) String minProbability,
            @RequestParam(required = false) String limit,
            ServerWebExchange exchange) {
        requireView(caller, exchange, clientId, "predictions");
        return health.predictions(
                        caller, query(clientId, site, riskLevel, robotId, minProbability, limit))
                .collectList();
    }

    /**
     * The client routes answer client tokens, the others constructor tokens; a 403 names the route
     * of the caller's kind. {@code client_id} filters a constructor's view only.
     */
    private static void requireView(
            RobovisPrincipal caller, ServerWebExchange exchange, String clientId, String name) {
        boolean clientRoute = exchange.getRequest().getPath().value().startsWith("/v1/client/");
        if (clientRoute && !caller.isClient()) {
            throw new ProblemException(
                    HttpStatus.FORBIDDEN,
                    "client_route",
                    "This route is for client tokens; a constructor reads its fleet across its"
                            + " clients with GET /v1/"
                            + name
                            + " (filter client_id).");
        }
        if (!clientRoute && !caller.isConstructor()) {
            throw new ProblemException(
                    HttpStatus.FORBIDDEN,
                    "constructor_route",
                    "This route is for constructor tokens; a client reads its fleet with GET"
                            + " /v1/client/"
                            + name
                            + ".");
        }
        if (clientRoute && clientId != null) {
            throw invalid("client_id filters a constructor's view; a client sees its own robots.");
        }
    }

    /** {@code include=drivers} adds each component's score, probability and evidence. */
    private static boolean drivers(String include) {
        if (include == null) {
            return false;
        }
        if (!include.equals("drivers")) {
            throw invalid("include accepts: drivers.");
        }
        return true;
    }

    private static HealthQuery query(
            String clientId,
            String site,
            String riskLevel,
            String robotId,
            String minProbability,
            String limit) {
        if (riskLevel != null && !RISK_LEVELS.contains(riskLevel)) {
            throw invalid("risk_level must be one of: low, medium, high.");
        }
        double min = 0;
        if (minProbability != null) {
            try {
                min = Double.parseDouble(minProbability);
            } catch (NumberFormatException e) {
                min = Double.NaN;
            }
            if (!(min >= 0 && min <= 1)) {
                throw invalid("min_probability must be a number from 0 to 1.");
            }
        }
        return new HealthQuery(
                clientId,
                site,
                riskLevel,
                robotId,
                min,
                Cursors.limit(limit, DEFAULT_LIMIT, MAX_LIMIT));
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "invalid_parameter", detail);
    }
}
