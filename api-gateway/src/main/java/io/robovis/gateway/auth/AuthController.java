package io.robovis.gateway.auth;

import io.robovis.common.problem.ProblemException;
import io.robovis.common.security.RobovisAuthentication;
import io.robovis.common.security.RobovisPrincipal;
import io.robovis.common.security.TokenService;
import io.robovis.common.security.TokenService.IssuedToken;
import io.robovis.common.web.RequestIds;
import io.robovis.gateway.audit.AuditEntry;
import io.robovis.gateway.audit.AuditLog;
import io.robovis.gateway.tenant.IdentityRules;
import jakarta.validation.Valid;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Login and refresh exactly as the contract shows them; logout and the owner's password change.
 * Each login (success or failure, never the password), logout and password change is audited.
 */
@RestController
@RequestMapping("/v1/auth")
class AuthController {

    private final UserAccounts users;
    private final PasswordHasher hasher;
    private final TokenService tokens;
    private final LoginThrottle throttle;
    private final Sessions sessions;
    private final AuditLog audit;
    private final TransactionalOperator transaction;
    private final AuthProperties properties;
    private final Clock clock;

    AuthController(
            UserAccounts users,
            PasswordHasher hasher,
            TokenService tokens,
            LoginThrottle throttle,
            Sessions sessions,
            AuditLog audit,
            TransactionalOperator transaction,
            AuthProperties properties,
            Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.tokens = tokens;
        this.throttle = throttle;
        this.sessions = sessions;
        this.audit = audit;
        this.transaction = transaction;
        this.properties = properties;
        this.clock = clock;
    }

    @PostMapping("/login")
    Mono<LoginResponse> login(
            @Valid @RequestBody LoginRequest request, ServerWebExchange exchange) {
        String address = AuditEntry.clientAddress(exchange);
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
                                                    String tenant =
                                                            found.map(UserAccount::tenantId)
                                                                    .orElse(null);
                                                    if (!ok || found.get().disabled()) {
                                                        throttle.recordFailure(
                                                                request.username(), address);
                                                        return audit.append(
                                                                        loginEntry(
                                                                                null,
                                                                                tenant,
                                                                                "auth.login_failed",
                                                                                request.username(),
                                                                                exchange))
                                                                .then(
                                                                        Mono.error(
                                                                                invalidCredentials()));
                                                    }
                                                    throttle.recordSuccess(request.username());
                                                    UserAccount user = found.get();
                                                    return audit.append(
                                                                    loginEntry(
                                                                            user.username(),
                                                                            tenant,
                                                                            "auth.login",
                                                                            user.username(),
                                                                            exchange))
                                                            .thenReturn(
                                                                    issue(user, clock.instant()));
                                                }));
    }

    /**
     * A new token for the same session: the account is read again (a disabled user, a changed role
     * or a later session epoch is not carried forward) and the session's login time stays, so a
     * session ends {@code max-session-age} after its login.
     */
    @PostMapping("/refresh")
    Mono<Map<String, Object>> refresh(Authentication authentication) {
        RobovisPrincipal principal = (RobovisPrincipal) authentication.getPrincipal();
        Jwt jwt = ((RobovisAuthentication) authentication).token();
        Instant authTime = authTime(jwt);
        if (authTime.plus(properties.maxSessionAge()).isBefore(clock.instant())) {
            return Mono.error(
                    new ProblemException(
                            HttpStatus.UNAUTHORIZED,
                            "session_expired",
                            "This session began at "
                                    + authTime
                                    + " and may not be refreshed past "
                                    + properties.maxSessionAge().toDays()
                                    + " days; log in again."));
        }
        long epoch =
                jwt.getClaims().get(TokenService.SESSION_EPOCH) instanceof Number n
                        ? n.longValue()
                        : 0;
        return users.findByUsername(principal.subject())
                .filter(
                        user ->
                                !user.disabled()
                                        && user.tenantId().equals(principal.tenantId())
                                        && user.sessionEpoch() <= epoch)
                .switchIfEmpty(
                        Mono.error(
                                new ProblemException(
                                        HttpStatus.UNAUTHORIZED,
                                        "invalid_token",
                                        "The account behind this token no longer exists, is"
                                                + " disabled or had its sessions revoked.")))
                .map(user -> issue(user, authTime))
                .map(
                        response ->
                                Map.of(
                                        "token", response.token(),
                                        "expires_at", response.expiresAt()));
    }

    /** Revokes the presented token: every service refuses it from now on. */
    @PostMapping("/logout")
    Mono<ResponseEntity<Void>> logout(Authentication authentication, ServerWebExchange exchange) {
        RobovisPrincipal caller = (RobovisPrincipal) authentication.getPrincipal();
        Jwt jwt = ((RobovisAuthentication) authentication).token();
        return sessions.revokeToken(
                        caller.tokenId(), caller.subject(), caller.tenantId(), jwt.getExpiresAt())
                .flatMap(
                        record ->
                                audit.append(
                                                AuditEntry.of(
                                                        caller,
                                                        "auth.logout",
                                                        caller.subject(),
                                                        exchange))
                                        .thenReturn(record))
                .as(transaction::transactional)
                .doOnNext(sessions::applyHere)
                .thenReturn(ResponseEntity.noContent().build());
    }

    /**
     * The owner changes its password: the old one must match, the new one follows the rules. The
     * password is no longer one-time, and every token of the user is revoked: log in again.
     */
    @PostMapping("/password")
    Mono<ResponseEntity<Void>> changePassword(
            @AuthenticationPrincipal RobovisPrincipal caller,
            @Valid @RequestBody PasswordChange request,
            ServerWebExchange exchange) {
        String address = AuditEntry.clientAddress(exchange);
        Duration wait = throttle.retryAfter(caller.subject(), address);
        if (!wait.isZero()) {
            return Mono.error(tooManyAttempts(wait));
        }
        if (IdentityRules.passwordIsUsername(request.newPassword(), caller.subject())) {
            return Mono.error(invalidNewPassword("must not be the username"));
        }
        if (request.newPassword().equals(request.oldPassword())) {
            return Mono.error(invalidNewPassword("must differ from the old password"));
        }
        return users.findByUsername(caller.subject())
                .filter(user -> !user.disabled() && user.tenantId().equals(caller.tenantId()))
                .switchIfEmpty(
                        Mono.error(
                                () ->
                                        new ProblemException(
                                                HttpStatus.UNAUTHORIZED,
                                                "invalid_token",
                                                "The account behind this token no longer exists"
                                                        + " or is disabled.")))
                .flatMap(
                        user ->
                                hasher.matches(request.oldPassword(), user.passwordHash())
                                        .flatMap(
                                                ok -> {
                                                    if (!ok) {
                                                        throttle.recordFailure(
                                                                caller.subject(), address);
                                                        return Mono.error(wrongOldPassword());
                                                    }
                                                    throttle.recordSuccess(caller.subject());
                                                    return hasher.hash(request.newPassword())
                                                            .flatMap(
                                                                    hash ->
                                                                            store(
                                                                                    caller, user,
                                                                                    hash,
                                                                                    exchange));
                                                }))
                .thenReturn(ResponseEntity.noContent().build());
    }

    private Mono<Void> store(
            RobovisPrincipal caller, UserAccount user, String hash, ServerWebExchange exchange) {
        return users.changePassword(user.username(), user.passwordHash(), hash, clock.instant())
                .switchIfEmpty(
                        Mono.error(
                                () ->
                                        new ProblemException(
                                                HttpStatus.CONFLICT,
                                                "password_changed_meanwhile",
                                                "The password was changed meanwhile; log in"
                                                        + " again.")))
                .flatMap(epoch -> sessions.revokeUser(user.username(), user.tenantId(), epoch))
                .flatMap(
                        record ->
                                audit.append(
                                                AuditEntry.of(
                                                        caller,
                                                        "auth.password_changed",
                                                        caller.subject(),
                                                        exchange))
                                        .thenReturn(record))
                .as(transaction::transactional)
                .doOnNext(sessions::applyHere)
                .then();
    }

    private LoginResponse issue(UserAccount user, Instant authTime) {
        IssuedToken issued =
                tokens.issue(
                        user.username(),
                        user.tenantId(),
                        user.tenantType(),
                        user.role(),
                        new TokenService.Session(
                                authTime,
                                user.sessionEpoch(),
                                user.passwordChangeRequired(),
                                authTime.plus(properties.maxSessionAge())));
        return new LoginResponse(
                issued.token(),
                user.tenantId(),
                user.tenantType().claim(),
                user.role().claim(),
                issued.expiresAt(),
                user.passwordChangeRequired());
    }

    /** The session's login time; a token from before auth_time existed counts from its issue. */
    private static Instant authTime(Jwt jwt) {
        Object claim = jwt.getClaims().get(TokenService.AUTH_TIME);
        if (claim instanceof Number n) {
            return Instant.ofEpochSecond(n.longValue());
        }
        if (claim instanceof Instant instant) {
            return instant;
        }
        return jwt.getIssuedAt();
    }

    private static AuditEntry loginEntry(
            String actor,
            String tenantId,
            String action,
            String username,
            ServerWebExchange exchange) {
        return new AuditEntry(
                actor,
                tenantId,
                action,
                username,
                AuditEntry.clientAddress(exchange),
                RequestIds.of(exchange));
    }

    private static ProblemException invalidCredentials() {
        return new ProblemException(
                HttpStatus.UNAUTHORIZED, "invalid_credentials", "Invalid username or password.");
    }

    private static ProblemException wrongOldPassword() {
        return ProblemException.invalidFields(
                "The request is not valid.",
                List.of(Map.of("field", "old_password", "message", "is not the current password")));
    }

    private static ProblemException invalidNewPassword(String message) {
        return ProblemException.invalidFields(
                "The request is not valid.",
                List.of(Map.of("field", "new_password", "message", message)));
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
