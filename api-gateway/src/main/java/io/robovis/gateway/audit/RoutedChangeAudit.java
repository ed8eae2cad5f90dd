package io.robovis.gateway.audit;

import io.robovis.common.security.RobovisPrincipal;
import java.util.List;
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
                return chain.filter(exchange)
                        .then(Mono.defer(() -> record(exchange, change.action(), pathId)));
            }
        }
        return chain.filter(exchange);
    }

    private Mono<Void> record(ServerWebExchange exchange, String action, String pathId) {
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        if (status == null || !status.is2xxSuccessful()) {
            return Mono.empty();
        }
        return exchange.<Authentication>getPrincipal()
                .map(Authentication::getPrincipal)
                .ofType(RobovisPrincipal.class)
                .flatMap(
                        caller ->
                                audit.append(
                                        AuditEntry.of(
                                                caller,
                                                action,
                                                target(exchange, action, pathId, caller),
                                                exchange)))
                .onErrorResume(
                        error -> {
                            // the change is made and answered; the line is what is missing
                            log.error(
                                    "Audit line for {} could not be written: {}",
                                    action,
                                    error.toString());
                            return Mono.empty();
                        });
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
