package io.robovis.gateway.audit;

import io.robovis.common.security.RobovisPrincipal;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Appends the changes the services make (robot provisioning, webhooks, report schedules) to the
 * audit log: every such request routed through the gateway that succeeded, with its caller, address
 * and request id. The target is the id in the path, or the one the answer's {@code Location} names.
 */
@Component
class RoutedChangeAudit implements GlobalFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(RoutedChangeAudit.class);

    private record Change(HttpMethod method, Pattern path, String action) {}

    private static final String ID = "([A-Za-z0-9._:-]+)";
    private static final List<Change> CHANGES =
            List.of(
                    new Change(HttpMethod.POST, Pattern.compile("/v1/robots"), "robot.provisioned"),
                    new Change(
                            HttpMethod.PATCH, Pattern.compile("/v1/robots/" + ID), "robot.updated"),
                    new Change(
                            HttpMethod.DELETE,
                            Pattern.compile("/v1/robots/" + ID),
                            "robot.deprovisioned"),
                    new Change(HttpMethod.POST, Pattern.compile("/v1/webhooks"), "webhook.created"),
                    new Change(
                            HttpMethod.PATCH,
                            Pattern.compile("/v1/webhooks/" + ID),
                            "webhook.updated"),
                    new Change(
                            HttpMethod.DELETE,
                            Pattern.compile("/v1/webhooks/" + ID),
                            "webhook.deleted"),
                    new Change(
                            HttpMethod.PUT,
                            Pattern.compile("/v1/reports/schedules"),
                            "report_schedule.changed"));

    private final AuditLog audit;

    RoutedChangeAudit(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        for (Change change : CHANGES) {
            Matcher matcher = change.path().matcher(path);
            if (change.method().equals(exchange.getRequest().getMethod()) && matcher.matches()) {
                String pathId = matcher.groupCount() > 0 ? matcher.group(1) : null;
                // the caller is read first: the line is written even if the client goes away
                return exchange.<Authentication>getPrincipal()
                        .map(Authentication::getPrincipal)
                        .ofType(RobovisPrincipal.class)
                        .map(Optional::of)
                        .defaultIfEmpty(Optional.empty())
                        .flatMap(
                                caller ->
                                        chain.filter(exchange)
                                                .doFinally(
                                                        signal ->
                                                                caller.ifPresent(
                                                                        c ->
                                                                                record(
                                                                                        exchange,
                                                                                        c,
                                                                                        change
                                                                                                .action(),
                                                                                        pathId))));
            }
        }
        return chain.filter(exchange);
    }

    /**
     * Appends the line once the service answered with success, whether or not the client is still
     * there to read the answer: subscribed on its own, so that a cancelled exchange does not cancel
     * it.
     */
    private void record(
            ServerWebExchange exchange, RobovisPrincipal caller, String action, String pathId) {
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        if (status == null || !status.is2xxSuccessful()) {
            return;
        }
        audit.append(
                        AuditEntry.of(
                                caller, action, target(exchange, action, pathId, caller), exchange))
                .subscribe(
                        null,
                        error ->
                                // the change is made and answered; the line is what is missing
                                log.error(
                                        "Audit line for {} of {} could not be written: {}",
                                        action,
                                        caller.tenantId(),
                                        error.toString()));
    }

    private static String target(
            ServerWebExchange exchange, String action, String pathId, RobovisPrincipal caller) {
        if (pathId != null) {
            return pathId;
        }
        String location = exchange.getResponse().getHeaders().getFirst(HttpHeaders.LOCATION);
        if (location != null && location.lastIndexOf('/') >= 0) {
            return location.substring(location.lastIndexOf('/') + 1);
        }
        // a batch of robots names no single one; a schedule is the tenant's
        return action.startsWith("robot.") ? "robots (batch)" : caller.tenantId();
    }

    /** After the security filters, around the routing filter. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1000;
    }
}
