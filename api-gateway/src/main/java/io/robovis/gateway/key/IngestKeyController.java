package io.robovis.gateway.key;

import io.robovis.common.events.IngestKeyRecord;
import io.robovis.common.problem.ProblemException;
import io.robovis.common.security.IngestKeyDirectory;
import io.robovis.common.security.RobovisPrincipal;
import io.robovis.common.web.Cursors;
import io.robovis.gateway.audit.AuditEntry;
import io.robovis.gateway.audit.AuditLog;
import jakarta.validation.Valid;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A constructor's admins give robots and edge gateways their own long-lived credential: an ingest
 * key ({@code rk_…}, shown once, kept as its SHA-256) that opens {@code POST /v1/robots/events}
 * only, for the robots and sites it names. Revoking one makes every service refuse it.
 */
@RestController
class IngestKeyController {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final IngestKeys keys;
    private final IngestKeyChangelog changelog;
    private final AuditLog audit;
    private final TransactionalOperator transaction;
    private final Clock clock;

    IngestKeyController(
            IngestKeys keys,
            IngestKeyChangelog changelog,
            AuditLog audit,
            TransactionalOperator transaction,
            Clock clock) {
        this.keys = keys;
        this.changelog = changelog;
        this.audit = audit;
        this.transaction = transaction;
        this.clock = clock;
    }

    @PostMapping("/v1/ingest-keys")
    Mono<ResponseEntity<Map<String, Object>>> create(
            @AuthenticationPrincipal RobovisPrincipal caller,
            @Valid @RequestBody NewIngestKey request,
            ServerWebExchange exchange) {
        requireConstructorAdmin(caller);
        Instant now = clock.instant();
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
            throw ProblemException.invalidFields(
                    "The request is not valid.",
                    List.of(Map.of("field", "expires_at", "message", "must be in the future")));
        }
        String keyId = "ik_" + HexFormat.of().formatHex(randomBytes(8));
        String secret =
                IngestKeyDirectory.PREFIX
                        + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
        return keys.create(
                        keyId,
                        caller.tenantId(),
                        request,
                        IngestKeyDirectory.sha256(secret),
                        caller.subject(),
                        now)
                .flatMap(
                        stored ->
                                publishAndAudit(stored, caller, "ingest_key.created", exchange)
                                        .map(record -> Map.entry(stored.key(), record)))
                .as(transaction::transactional)
                .map(
                        created -> {
                            changelog.applyHere(created.getValue());
                            Map<String, Object> body = new LinkedHashMap<>();
                            body.put("id", keyId);
                            // the only time the secret is shown
                            body.put("key", secret);
                            body.put("name", created.getKey().name());
                            body.put("robots", created.getKey().robots());
                            body.put("sites", created.getKey().sites());
                            body.put("expires_at", created.getKey().expiresAt());
                            body.put("created_at", created.getKey().createdAt());
                            body.put("created_by", created.getKey().createdBy());
                            return ResponseEntity.status(HttpStatus.CREATED)
                                    .header("Location", "/v1/ingest-keys/" + keyId)
                                    .body(body);
                        });
    }

    /** The constructor's keys, newest first, revoked ones included: never a secret. */
    @GetMapping("/v1/ingest-keys")
    Mono<ResponseEntity<List<IngestKey>>> list(
            @AuthenticationPrincipal RobovisPrincipal caller,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor,
            ServerWebExchange exchange) {
        requireConstructorAdmin(caller);
        int size = Cursors.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        IngestKeys.After after =
                cursor == null
                        ? null
                        : Cursors.decodePair(
                                cursor, (at, id) -> new IngestKeys.After(Instant.parse(at), id));
        return keys.page(caller.tenantId(), after, size + 1)
                .map(
                        rows ->
                                Cursors.page(
                                        exchange,
                                        rows,
                                        size,
                                        key -> key.createdAt() + "|" + key.id()));
    }

    @GetMapping("/v1/ingest-keys/{id}")
    Mono<IngestKey> get(@AuthenticationPrincipal RobovisPrincipal caller, @PathVariable String id) {
        requireConstructorAdmin(caller);
        return keys.find(caller.tenantId(), id).switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    /** Revokes the key: 204, also when it was revoked already; 404 when it is not this tenant's. */
    @DeleteMapping("/v1/ingest-keys/{id}")
    Mono<ResponseEntity<Void>> revoke(
            @AuthenticationPrincipal RobovisPrincipal caller,
            @PathVariable String id,
            ServerWebExchange exchange) {
        requireConstructorAdmin(caller);
        return keys.revoke(caller.tenantId(), id, caller.subject(), clock.instant())
                .flatMap(stored -> publishAndAudit(stored, caller, "ingest_key.revoked", exchange))
                .as(transaction::transactional)
                .doOnNext(changelog::applyHere)
                .hasElement()
                .flatMap(
                        revoked ->
                                revoked
                                        ? Mono.just(ResponseEntity.noContent().<Void>build())
                                        : keys.find(caller.tenantId(), id)
                                                .map(k -> ResponseEntity.noContent().<Void>build())
                                                .switchIfEmpty(Mono.error(() -> notFound(id))));
    }

    /** The key's record to the outbox and the audit line, in the caller's transaction. */
    private Mono<IngestKeyRecord> publishAndAudit(
            IngestKey.Stored stored,
            RobovisPrincipal caller,
            String action,
            ServerWebExchange exchange) {
        return changelog
                .write(stored)
                .flatMap(
                        record ->
                                audit.append(
                                                AuditEntry.of(
                                                        caller,
                                                        action,
                                                        stored.key().id(),
                                                        exchange))
                                        .thenReturn(record));
    }

    private static void requireConstructorAdmin(RobovisPrincipal caller) {
        caller.requireConstructorAdmin(
                "Ingest keys belong to the constructor whose robots send events.");
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(
                HttpStatus.NOT_FOUND, "ingest_key_not_found", "No ingest key " + id + ".");
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
