package io.robovis.insight.anomaly;

import io.robovis.common.problem.ProblemException;
import io.robovis.common.security.RobovisPrincipal;
import io.robovis.common.web.Cursors;
import io.robovis.insight.facts.Window;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The anomaly episodes the caller's tenant may see: list (newest first) and read one. */
@RestController
class AnomalyController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final AnomalyStore store;

    AnomalyController(AnomalyStore store) {
        this.store = store;
    }

    /** An episode as the API shows it. */
    record AnomalyView(
            String anomalyId,
            String robotId,
            String signal,
            String unit,
            String severity,
            String startedAt,
            String endedAt,
            String criticalAt,
            boolean ongoing,
            double value,
            double baseline,
            double score) {

        static AnomalyView of(AnomalyStore.Stored stored) {
            var a = stored.anomaly();
            return new AnomalyView(
                    a.anomalyId(),
                    a.robotId(),
                    a.signal(),
                    stored.unit(),
                    a.severity(),
                    iso(a.startedMs()),
                    iso(a.endedMs()),
                    iso(a.criticalAtMs()),
                    a.endedMs() == null,
                    a.value(),
                    a.baseline(),
                    a.score());
        }

        private static String iso(Long ms) {
            return ms == null ? null : Instant.ofEpochMilli(ms).toString();
        }
    }

    /**
     * Episodes that overlap [from, to) (either may be left out), of one robot or all, of one
     * severity or both.
     */
    @GetMapping("/v1/anomalies")
    Mono<ResponseEntity<List<AnomalyView>>> list(
            @AuthenticationPrincipal RobovisPrincipal caller,
            @RequestParam(name = "robot_id", required = false) String robotId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String severity,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor,
            ServerWebExchange exchange) {
        int size = Cursors.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        Long fromMs = from == null ? null : Window.instant("from", from);
        Long toMs = to == null ? null : Window.instant("to", to);
        if (fromMs != null && toMs != null && fromMs >= toMs) {
            throw new ProblemException(
                    HttpStatus.BAD_REQUEST, "invalid_window", "from must be before to.");
        }
        if (severity != null && !severity.equals("warning") && !severity.equals("critical")) {
            throw new ProblemException(
                    HttpStatus.BAD_REQUEST,
                    "invalid_severity",
                    "severity must be one of warning, critical.");
        }
        AnomalyStore.After after =
                cursor == null
                        ? null
                        : Cursors.decodePair(
                                cursor,
                                (started, id) ->
                                        new AnomalyStore.After(Long.parseLong(started), id));
        return store.page(
                        new AnomalyStore.Filter(caller.tenantId(), robotId, fromMs, toMs, severity),
                        after,
                        size + 1)
                .map(
                        rows ->
                                Cursors.page(
                                        exchange,
                                        rows.stream().map(AnomalyView::of).toList(),
                                        size,
                                        v ->
                                                Instant.parse(v.startedAt()).toEpochMilli()
                                                        + "|"
                                                        + v.anomalyId()));
    }

    @GetMapping("/v1/anomalies/{id}")
    Mono<AnomalyView> get(
            @AuthenticationPrincipal RobovisPrincipal caller, @PathVariable String id) {
        return store.find(caller.tenantId(), id)
                .map(AnomalyView::of)
                .switchIfEmpty(
                        Mono.error(
                                () ->
                                        new ProblemException(
                                                HttpStatus.NOT_FOUND,
                                                "anomaly_not_found",
                                                "No anomaly " + id + " visible to this tenant.")));
    }
}
