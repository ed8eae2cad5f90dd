package io.robovis.insight.system;

import io.robovis.common.problem.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Contract routes whose behaviour arrives with a later issue: a 501 problem that says which. */
@RestController
class PlannedRoutes {

    @GetMapping("/v1/insights")
    void list() {
        throw planned();
    }

    @PostMapping("/v1/insights/analyze")
    void analyze() {
        throw planned();
    }

    private static ProblemException planned() {
        return new ProblemException(
                HttpStatus.NOT_IMPLEMENTED,
                "not_implemented",
                "This route is part of the contract and arrives with the LLM insights issue.");
    }
}
