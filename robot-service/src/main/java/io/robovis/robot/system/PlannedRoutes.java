package io.robovis.robot.system;

import io.robovis.common.problem.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Contract routes whose behaviour arrives with a later issue: a 501 problem that says which. */
@RestController
class PlannedRoutes {

    @GetMapping({
        "/v1/client/fleet-health",
        "/v1/client/predictions",
        "/v1/fleet-health",
        "/v1/predictions"
    })
    void health() {
        throw new ProblemException(
                HttpStatus.NOT_IMPLEMENTED,
                "not_implemented",
                "This route is part of the contract and arrives with the fleet health and predictions issue.");
    }
}
