package io.robovis.insight.facts;

import java.util.Set;
import reactor.core.publisher.Mono;

/** Computes the facts of some kinds from the projections. */
interface FactsCalculator {

    Set<InsightKind> kinds();

    /**
     * @param nowMs the time of the analysis (presence: who is online now)
     */
    Mono<Facts> compute(InsightKind kind, Scope scope, Window window, long nowMs);
}
