package io.robovis.gateway.audit;

import io.robovis.common.problem.ProblemException;
import io.robovis.common.security.RobovisPrincipal;
import io.robovis.common.security.Role;
import io.robovis.common.web.Cursors;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/audit}: a tenant's audit log for its admins, newest first, filtered by actor,
 * action (exact, or a family such as {@code user}), target and time, paged with a Link cursor.
 * Read-only: no route changes the log.
 */
@RestController
class AuditController {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 500;

    private final AuditLog log;

    AuditController(AuditLog log) {
        this.log = log;
    }

    @GetMapping("/v1/audit")
    Mono<ResponseEntity<List<AuditLog.AuditView>>> list(
            @AuthenticationPrincipal RobovisPrincipal caller,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String target,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor,
            ServerWebExchange exchange) {
        caller.requireRole(Role.ADMIN);
        int size = Cursors.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        Instant fromAt = instant("from", from);
        Instant toAt = instant("to", to);
        if (fromAt != null && toAt != null && !fromAt.isBefore(toAt)) {
            throw new ProblemException(
                    HttpStatus.BAD_REQUEST, "invalid_window", "from must be before to.");
        }
        Long before = cursor == null ? null : cursorId(cursor);
        return log.page(
                        new AuditLog.Filter(caller.tenantId(), actor, action, target, fromAt, toAt),
                        before,
                        size + 1)
                .map(lines -> Cursors.page(exchange, lines, size, line -> Long.toString(line.id())))
                .map(
                        page ->
                                ResponseEntity.status(page.getStatusCode())
                                        .headers(page.getHeaders())
                                        .body(
                                                page.getBody().stream()
                                                        .map(AuditLog.Line::view)
                                                        .toList()));
    }

    private static Long cursorId(String cursor) {
        try {
            return Long.parseLong(Cursors.decode(cursor));
        } catch (NumberFormatException e) {
            throw Cursors.invalidCursor();
        }
    }

    private static Instant instant(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ProblemException(
                    HttpStatus.BAD_REQUEST,
                    "invalid_" + name,
                    name + " must be an ISO-8601 instant, e.g. 2026-12-05T08:00:00Z.");
        }
    }
}
