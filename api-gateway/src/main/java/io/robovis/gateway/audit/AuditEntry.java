package io.robovis.gateway.audit;

import io.robovis.common.security.RobovisPrincipal;
import io.robovis.common.web.RequestIds;
import java.net.InetSocketAddress;
import org.springframework.web.server.ServerWebExchange;

/**
 * One line of the audit log before it is written: who (actor, its tenant), what (action, target),
 * from which address and request.
 */
public record AuditEntry(
        String actor, String tenantId, String action, String target, String ip, String requestId) {

    /** What the caller of this exchange did to {@code target}. */
    public static AuditEntry of(
            RobovisPrincipal caller, String action, String target, ServerWebExchange exchange) {
        return new AuditEntry(
                caller.subject(),
                caller.tenantId(),
                action,
                target,
                clientAddress(exchange),
                RequestIds.of(exchange));
    }

    /** The address the request came from, as the gateway saw it. */
    public static String clientAddress(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return remote.getAddress() != null
                ? remote.getAddress().getHostAddress()
                : remote.getHostString();
    }
}
