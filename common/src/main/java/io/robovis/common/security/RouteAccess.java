package io.robovis.common.security;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Which routes a credential opens, whatever its role: an ingest key sends events only; an ingest
 * token sends events and renews, ends or changes the password of itself; a token whose user must
 * change an admin-set password opens the password change (and logout) only. Everything else is the
 * routes' own business.
 */
final class RouteAccess {

    static final String EVENTS = "/v1/robots/events";
    static final String PASSWORD = "/v1/auth/password";
    static final String LOGOUT = "/v1/auth/logout";
    private static final String REFUSAL = RouteAccess.class.getName() + ".refusal";

    /** Why a route was refused: the problem's code and detail. */
    record Refusal(String code, String detail) {}

    private static final Refusal INGEST_KEY =
            new Refusal(
                    "ingest_key_route", "An ingest key only sends events: POST " + EVENTS + ".");
    private static final Refusal INGEST_TOKEN =
            new Refusal(
                    "forbidden",
                    "This token may not use this route (an ingest token only sends events: POST "
                            + EVENTS
                            + ").");
    private static final Refusal PASSWORD_CHANGE =
            new Refusal(
                    "password_change_required",
                    "This account's password was set by an admin and must be changed first: POST "
                            + PASSWORD
                            + " {old_password, new_password}, then log in again.");
    private static final Refusal DEFAULT =
            new Refusal("forbidden", "This credential may not use this route.");

    static Mono<AuthorizationResult> decide(
            Mono<Authentication> authentication, AuthorizationContext context) {
        return authentication
                .<AuthorizationResult>map(a -> decide(a, context.getExchange()))
                .defaultIfEmpty(new AuthorizationDecision(false));
    }

    static Refusal refusal(ServerWebExchange exchange) {
        Refusal refusal = exchange.getAttribute(REFUSAL);
        return refusal == null ? DEFAULT : refusal;
    }

    private static AuthorizationResult decide(Authentication auth, ServerWebExchange exchange) {
        if (!auth.isAuthenticated()) {
            return new AuthorizationDecision(false);
        }
        ServerHttpRequest request = exchange.getRequest();
        boolean post = HttpMethod.POST.equals(request.getMethod());
        String path = request.getPath().pathWithinApplication().value();
        Refusal refusal = null;
        if (auth instanceof IngestKeyAuthentication) {
            refusal = post && EVENTS.equals(path) ? null : INGEST_KEY;
        } else if (auth instanceof RobovisAuthentication token) {
            if (Boolean.TRUE.equals(
                    token.token().getClaims().get(TokenService.PASSWORD_CHANGE_REQUIRED))) {
                boolean opened = post && (PASSWORD.equals(path) || LOGOUT.equals(path));
                refusal = opened ? null : PASSWORD_CHANGE;
            } else if (token.getPrincipal().role() == Role.INGEST) {
                boolean opened =
                        post
                                && (EVENTS.equals(path)
                                        || "/v1/auth/refresh".equals(path)
                                        || LOGOUT.equals(path)
                                        || PASSWORD.equals(path));
                refusal = opened ? null : INGEST_TOKEN;
            }
        }
        if (refusal != null) {
            exchange.getAttributes().put(REFUSAL, refusal);
            return new AuthorizationDecision(false);
        }
        return new AuthorizationDecision(true);
    }

    private RouteAccess() {}
}
