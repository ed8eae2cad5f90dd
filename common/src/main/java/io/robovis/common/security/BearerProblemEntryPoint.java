package io.robovis.common.security;

import io.robovis.common.problem.ProblemWriter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** 401 as problem+json with {@code WWW-Authenticate: Bearer} (RFC 6750). */
class BearerProblemEntryPoint implements ServerAuthenticationEntryPoint {

    private final ProblemWriter writer;

    BearerProblemEntryPoint(ProblemWriter writer) {
        this.writer = writer;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
        boolean tokenPresented = ex instanceof OAuth2AuthenticationException;
        String detail;
        if (!tokenPresented) {
            detail = "This route needs an Authorization: Bearer <token> header.";
        } else if (ex instanceof InvalidBearerTokenException && ex.getMessage() != null) {
            detail = "The bearer token is not valid: " + ex.getMessage();
        } else {
            detail = "The bearer token is not valid.";
        }
        exchange.getResponse()
                .getHeaders()
                .set(
                        HttpHeaders.WWW_AUTHENTICATE,
                        tokenPresented ? "Bearer error=\"invalid_token\"" : "Bearer");
        return writer.write(
                exchange,
                HttpStatus.UNAUTHORIZED,
                tokenPresented ? "invalid_token" : "missing_token",
                detail);
    }
}
