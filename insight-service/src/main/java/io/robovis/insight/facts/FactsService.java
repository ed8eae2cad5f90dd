package io.robovis.insight.facts;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** The facts of any kind: which calculator, and the common header (kind, scope, window). */
@Service
public class FactsService {

    private final Map<InsightKind, FactsCalculator> calculators = new EnumMap<>(InsightKind.class);

    FactsService(List<FactsCalculator> all) {
        for (FactsCalculator c : all) {
            c.kinds().forEach(k -> calculators.put(k, c));
        }
        for (InsightKind kind : InsightKind.values()) {
            if (!calculators.containsKey(kind)) {
                throw new IllegalStateException("No facts calculator for " + kind.id());
            }
        }
    }

    public Mono<Facts> compute(InsightKind kind, Scope scope, Window window, long nowMs) {
        return calculators
                .get(kind)
                .compute(kind, scope, window, nowMs)
                .map(
                        facts -> {
                            Map<String, Object> body = new LinkedHashMap<>();
                            body.put("kind", kind.id());
                            body.put(
                                    "scope",
                                    scope.robotId() != null
                                            ? Map.of("robot_id", scope.robotId())
                                            : Map.of(
                                                    scope.constructor()
                                                            ? "constructor_id"
                                                            : "client_id",
                                                    scope.tenantId()));
                            body.put("window", window.describe());
                            body.putAll(facts.body());
                            return new Facts(body, facts.severity());
                        });
    }
}
