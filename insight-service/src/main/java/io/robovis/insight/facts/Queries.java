package io.robovis.insight.facts;

import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Runs a projection query over the robots of a scope ({@code WITH scoped AS …} prepended). */
@Component
class Queries {

    private static final java.util.regex.Pattern PARAMETER =
            java.util.regex.Pattern.compile(":(\\w+)");

    private final DatabaseClient db;

    Queries(DatabaseClient db) {
        this.db = db;
    }

    Mono<List<Map<String, Object>>> rows(Scope scope, String sql, Map<String, Object> binds) {
        GenericExecuteSpec spec = scope.bind(db.sql("WITH " + scope.cte() + "\n" + sql));
        for (Map.Entry<String, Object> b : binds.entrySet()) {
            // callers share one set of bounds; a statement binds those it names
            if (PARAMETER.matcher(sql).results().anyMatch(m -> m.group(1).equals(b.getKey()))) {
                spec = spec.bind(b.getKey(), b.getValue());
            }
        }
        return spec.fetch().all().collectList();
    }

    /** The window's bounds as the hourly queries bind them. */
    static Map<String, Object> bounds(Window window) {
        return Map.of(
                "from", window.fromMs(), "to", window.toMs(), "prev", window.previousFromMs());
    }
}
