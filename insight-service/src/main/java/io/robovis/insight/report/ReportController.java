package io.robovis.insight.report;

import io.robovis.common.problem.ProblemException;
import io.robovis.common.security.RobovisPrincipal;
import io.robovis.common.security.Role;
import io.robovis.common.web.Cursors;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The caller's tenant's report schedules (read; admins change them) and its reports. */
@RestController
class ReportController {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    private final ReportStore store;
    private final Clock clock;

    ReportController(ReportStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A schedule as the API shows it: as set, with its effective zone and next run. */
    record ScheduleView(
            String scheduleId,
            String frequency,
            String at,
            String weekday,
            String timezone,
            boolean enabled,
            String effectiveTimezone,
            String nextAt,
            List<String> kinds,
            String dailyDigests) {

        static ScheduleView of(ReportSchedule s, ZoneId zone, Instant now) {
            Instant next = s.enabled() ? s.nextAt(zone, now) : null;
            return new ScheduleView(
                    s.scheduleId(),
                    s.frequency(),
                    s.at(),
                    s.weekday(),
                    s.timezone(),
                    s.enabled(),
                    zone.getId(),
                    next == null ? null : next.toString(),
                    ReportJob.FLEET_KINDS,
                    "each robot with anomalies in the period, worst first, at most "
                            + ReportJob.MAX_DIGESTS);
        }
    }

    /** A report as the API shows it; one read alone also carries its insights. */
    record ReportView(
            String reportId,
            String scheduleId,
            Map<String, String> period,
            String status,
            List<String> insightIds,
            String readyAt,
            List<Map<String, Object>> insights) {

        static ReportView of(ReportStore.Report r, List<Map<String, Object>> insights) {
            return new ReportView(
                    r.reportId(),
                    r.scheduleId(),
                    Map.of("from", r.from().toString(), "to", r.to().toString()),
                    r.status(),
                    r.insightIds(),
                    r.readyAt() == null ? null : r.readyAt().toString(),
                    insights);
        }
    }

    @GetMapping("/v1/reports/schedules")
    Mono<List<ScheduleView>> schedules(@AuthenticationPrincipal RobovisPrincipal caller) {
        return views(caller.tenantId());
    }

    @PutMapping("/v1/reports/schedules")
    Mono<List<ScheduleView>> replace(
            @AuthenticationPrincipal RobovisPrincipal caller,
            @RequestBody List<ReportSchedule> schedules) {
        caller.requireRole(Role.ADMIN);
        List<ReportSchedule> valid = ReportSchedule.validate(schedules);
        return store.replace(caller.tenantId(), valid).then(views(caller.tenantId()));
    }

    private Mono<List<ScheduleView>> views(String tenantId) {
        Instant now = clock.instant();
        return store.timezone(tenantId)
                .defaultIfEmpty("")
                .zipWith(store.schedules(tenantId))
                .map(
                        t -> {
                            String tenantZone = t.getT1().isEmpty() ? null : t.getT1();
                            return t.getT2().stream()
                                    .map(ReportStore.Stored::schedule)
                                    .map(s -> ScheduleView.of(s, s.zone(tenantZone), now))
                                    .toList();
                        });
    }

    /** The tenant's reports, newest period first. */
    @GetMapping("/v1/reports")
    Mono<ResponseEntity<List<ReportView>>> list(
            @AuthenticationPrincipal RobovisPrincipal caller,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor,
            ServerWebExchange exchange) {
        int size = Cursors.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        ReportStore.After after =
                cursor == null
                        ? null
                        : Cursors.decodePair(
                                cursor,
                                (from, id) -> new ReportStore.After(Instant.parse(from), id));
        return store.page(caller.tenantId(), after, size + 1)
                .map(
                        rows ->
                                Cursors.page(
                                        exchange,
                                        rows.stream().map(r -> ReportView.of(r, null)).toList(),
                                        size,
                                        v -> v.period().get("from") + "|" + v.reportId()));
    }

    @GetMapping("/v1/reports/{id}")
    Mono<ReportView> get(
            @AuthenticationPrincipal RobovisPrincipal caller, @PathVariable String id) {
        return store.find(caller.tenantId(), id)
                .flatMap(r -> store.insights(r.insightIds()).map(i -> ReportView.of(r, i)))
                .switchIfEmpty(
                        Mono.error(
                                () ->
                                        new ProblemException(
                                                HttpStatus.NOT_FOUND,
                                                "report_not_found",
                                                "No report " + id + " in this tenant.")));
    }
}
