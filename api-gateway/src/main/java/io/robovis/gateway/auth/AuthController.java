package io.robovis.gateway.auth;

import io.robovis.common.problem.ProblemException;
import io.robovis.common.security.RobovisPrincipal;
import io.robovis.common.security.TokenService;
import io.robovis.common.security.TokenService.IssuedToken;
import jakarta.validation.Valid;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Login and refresh, exactly as the contract shows them. */
@RestController
@RequestMapping("/v1/auth")
class AuthController {

    private final UserAccounts users;
    private final PasswordHasher hasher;
    private final TokenService tokens;
    private final LoginThrottle throttle;

    AuthController(
            UserAccounts users,
            PasswordHasher hasher,
            TokenService tokens,
            LoginThrottle throttle) {
        this.users = users;
        this.hasher = hasher;
        this.tokens = tokens;
        this.throttle = throttle;
    }

    @PostMapping("/login")
    Mono<LoginResponse> login(
            @Valid @RequestBody LoginRequest request, ServerWebExchange exchange) {
        String address = clientAddress(exchange);
        Duration wait = throttle.retryAfter(request.username(), address);
        if (!wait.isZero()) {
            return Mono.error(tooManyAttempts(wait));
        }
        return users.findByUsername(request.username())
                .map(Optional::of)
                .defaultIfEmpty(Optional.<UserAccount>empty())
                .flatMap(
                        found ->
                                hasher.matches(
                                                request.password(),
                                                found.map(UserAccount::passwordHash).orElse(null))
                                        .flatMap(
                                                ok -> {
                                                    if (!ok || found.get().disabled()) {
                                                        throttle.recordFailure(
                                                                request.username(), address);
                                                        return Mono.error(invalidCredentials());
                                                    }
                                                    throttle.recordSuccess(request.username());
                                                    return Mono.just(issue(found.get()));
                                                }));
    }

    @PostMapping("/refresh")
    Mono<Map<String, Object>> refresh(@AuthenticationPrincipal RobovisPrincipal principal) {
        // The account is read again: a disabled user or a changed role is not carried forward.
        return users.findByUsername(principal.subject())
                .filter(user -> !user.disabled() && user.tenantId().equals(principal.tenantId()))
                .switchIfEmpty(
                        Mono.error(
                                new ProblemException(
                                        HttpStatus.UNAUTHORIZED,
                                        "invalid_token",
                                        "The account behind this token no longer exists or is"
                                                + " disabled.")))
                .map(this::issue)
                .map(
                        response ->
                                Map.of(
                                        "token", response.token(),
                                        "expires_at", response.expiresAt()));
    }

    private LoginResponse issue(UserAccount user) {
        IssuedToken issued =
                tokens.issue(user.username(), user.tenantId(), user.tenantType(), user.role());
        return new LoginResponse(
                issued.token(),
                user.tenantId(),
                user.tenantType().claim(),
                user.role().claim(),
                issued.expiresAt());
    }

    private static String clientAddress(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return remote.getAddress() != null
                ? remote.getAddress().getHostAddress()
                : remote.getHostString();
    }

    private static ProblemException invalidCredentials() {
        return new ProblemException(
                HttpStatus.UNAUTHORIZED, "invalid_credentials", "Invalid username or password.");
    }

    private static ProblemException tooManyAttempts(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        return new ProblemException(
                HttpStatus.TOO_MANY_REQUESTS,
                "login_throttled",
                "Too many failed logins; try again in " + seconds + " s.",
                Map.of("retry_after_s", seconds),
                headers);
    }
}
