package io.robovis.webhook.webhook;

import io.robovis.common.problem.ProblemException;
import io.robovis.common.security.RobovisPrincipal;
import io.robovis.common.security.Role;
import jakarta.validation.Valid;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The contract's webhook routes: a tenant's webhooks, written by its admins. */
@RestController
@RequestMapping("/v1/webhooks")
public class WebhookController {

    static final int DEFAULT_GRACE_S = 86_400;

    private final WebhookRepository webhooks;
    private final SecretBox secrets;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    WebhookController(WebhookRepository webhooks, SecretBox secrets, Clock clock) {
        this.webhooks = webhooks;
        this.secrets = secrets;
        this.clock = clock;
    }

    @GetMapping
    Flux<Webhook> list(@AuthenticationPrincipal RobovisPrincipal caller) {
        return webhooks.findByTenant(caller.tenantId());
    }

    @PostMapping
    Mono<ResponseEntity<Webhook>> create(
            @AuthenticationPrincipal RobovisPrincipal caller,
            @Valid @RequestBody WebhookRequest request) {
        caller.requireRole(Role.ADMIN);
        String url = checkUrl(request.url());
        List<String> events = checkEvents(request.events());
        byte[] secret = request.secret() == null ? null : secrets.seal(request.secret());
        return webhooks.insert(
                        newId(),
                        caller.tenantId(),
                        url,
                        events.toArray(String[]::new),
                        secret,
                        clock.instant())
                .map(
                        created ->
                                ResponseEntity.status(HttpStatus.CREATED)
                                        .header("Location", "/v1/webhooks/" + created.id())
                                        .body(created));
    }

    @GetMapping("/{id}")
    Mono<Webhook> get(@AuthenticationPrincipal RobovisPrincipal caller, @PathVariable String id) {
        return webhooks.find(id, caller.tenantId()).switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    @PatchMapping("/{id}")
    Mono<Webhook> update(
            @AuthenticationPrincipal RobovisPrincipal caller,
            @PathVariable String id,
            @Valid @RequestBody WebhookPatch patch) {
        caller.requireRole(Role.ADMIN);
        String url = patch.url() == null ? null : checkUrl(patch.url());
        String[] events =
                patch.events() == null ? null : checkEvents(patch.events()).toArray(String[]::new);
        byte[] secret = patch.secret() == null ? null : secrets.seal(patch.secret());
        Instant now = clock.instant();
        Instant previousUntil =
                secret == null
                        ? null
                        : now.plus(
                                Duration.ofSeconds(
                                        patch.secretGraceS() == null
                                                ? DEFAULT_GRACE_S
                                                : patch.secretGraceS()));
        return webhooks.update(
                        id,
                        caller.tenantId(),
                        url,
                        events,
                        patch.active(),
                        secret,
                        previousUntil,
                        now)
                .switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    @DeleteMapping("/{id}")
    Mono<ResponseEntity<Void>> delete(
            @AuthenticationPrincipal RobovisPrincipal caller, @PathVariable String id) {
        caller.requireRole(Role.ADMIN);
        return webhooks.delete(id, caller.tenantId())
                .flatMap(
                        deleted ->
                                deleted
                                        ? Mono.just(ResponseEntity.noContent().<Void>build())
                                        : Mono.error(notFound(id)));
    }

    /**
     * An http or https URL with a host and no credentials. No DNS look-up here: names that only
     * resolve on the operator's network are fine; the delivery checks the address it connects to.
     */
    static String checkUrl(String value) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw invalid("url", "is not a valid URL");
        }
        String scheme =
                uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid("url", "must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw invalid("url", "must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid(
                    "url", "must not hold credentials; use the secret to sign deliveries instead");
        }
        if (uri.getRawFragment() != null) {
            throw invalid("url", "must not have a fragment");
        }
        return uri.toString();
    }

    static List<String> checkEvents(List<String> events) {
        for (String event : events) {
            if (event == null || !WebhookEvents.isValid(event)) {
                throw invalid(
                        "events",
                        "unknown event "
                                + event
                                + "; valid: "
                                + String.join(", ", WebhookEvents.TYPES)
                                + ", or * for all");
            }
        }
        return List.copyOf(new LinkedHashSet<>(events));
    }

    /** The answer for a webhook id the caller's tenant does not have (another tenant's too). */
    public static ProblemException notFound(String id) {
        return new ProblemException(
                HttpStatus.NOT_FOUND, "webhook_not_found", "No webhook " + id + " in this tenant.");
    }

    private String newId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return "wh_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static ProblemException invalid(String field, String message) {
        return ProblemException.invalidFields(
                "The request has invalid fields.",
                List.of(Map.of("field", field, "message", message)));
    }
}
