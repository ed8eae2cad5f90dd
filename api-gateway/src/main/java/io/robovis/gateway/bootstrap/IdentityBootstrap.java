package io.robovis.gateway.bootstrap;

import io.robovis.gateway.auth.PasswordHasher;
import io.robovis.gateway.tenant.IdentityRules;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Creates the bootstrap constructor tenant and its first admin once, at start-up, before the
 * tenants are published: a second start with the same variables changes nothing (an existing admin
 * keeps the password it has). Variables that cannot work stop the start-up with a message that
 * names them; the password never reaches a log.
 */
@Component
class IdentityBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(IdentityBootstrap.class);

    static final Pattern TENANT_ID = Pattern.compile(IdentityRules.TENANT_ID);
    static final Pattern USERNAME = Pattern.compile(IdentityRules.USERNAME);

    private final BootstrapProperties bootstrap;
    private final DatabaseClient db;
    private final PasswordHasher hasher;

    IdentityBootstrap(BootstrapProperties bootstrap, DatabaseClient db, PasswordHasher hasher) {
        this.bootstrap = bootstrap;
        this.db = db;
        this.hasher = hasher;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!bootstrap.any()) {
            return;
        }
        check(bootstrap);
        // Start-up, before the service reports ready: waiting here blocks no request.
        String outcome = apply().block();
        log.info(
                "Bootstrap: constructor tenant {} and admin {}: {}",
                bootstrap.tenant(),
                bootstrap.admin(),
                outcome);
    }

    /** Fails with a message naming every variable that cannot work. */
    static void check(BootstrapProperties b) {
        List<String> problems = new ArrayList<>();
        if (!BootstrapProperties.present(b.tenant())) {
            problems.add("ROBOVIS_BOOTSTRAP_TENANT is missing");
        } else if (!TENANT_ID.matcher(b.tenant()).matches()) {
            problems.add(
                    "ROBOVIS_BOOTSTRAP_TENANT must be a lower-case slug (a-z, 0-9, -; 2 to 63)");
        }
        if (!BootstrapProperties.present(b.admin())) {
            problems.add("ROBOVIS_BOOTSTRAP_ADMIN is missing");
        } else if (!USERNAME.matcher(b.admin()).matches()) {
            problems.add("ROBOVIS_BOOTSTRAP_ADMIN must be 3 to 64 letters, digits or . _ @ -");
        }
        if (!BootstrapProperties.present(b.password())) {
            problems.add("ROBOVIS_BOOTSTRAP_PASSWORD is missing");
        } else if (!IdentityRules.acceptablePassword(b.password())) {
            problems.add(
                    "ROBOVIS_BOOTSTRAP_PASSWORD must have at least "
                            + IdentityRules.MIN_PASSWORD
                            + " characters and at most "
                            + IdentityRules.MAX_PASSWORD_BYTES
                            + " bytes in UTF-8");
        } else if (IdentityRules.passwordIsUsername(b.password(), b.admin())) {
            problems.add("ROBOVIS_BOOTSTRAP_PASSWORD must not be the admin's username");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(
                    "Bootstrap identity not usable: "
                            + String.join("; ", problems)
                            + ". Set all three (or none) and start again.");
        }
    }

    private Mono<String> apply() {
        Mono<String> tenant =
                db.sql(
                                """
                                INSERT INTO tenants (tenant_id, type, name, timezone, language)
                                VALUES (:id, 'constructor', :id, 'UTC', 'en')
                                ON CONFLICT (tenant_id) DO NOTHING
                                """)
                        .bind("id", bootstrap.tenant())
                        .fetch()
                        .rowsUpdated()
                        .then(
                                db.sql("SELECT type FROM tenants WHERE tenant_id = :id")
                                        .bind("id", bootstrap.tenant())
                                        .map(row -> row.get("type", String.class))
                                        .one())
                        .flatMap(
                                type ->
                                        "constructor".equals(type)
                                                ? Mono.just(type)
                                                : Mono.error(
                                                        new IllegalStateException(
                                                                "ROBOVIS_BOOTSTRAP_TENANT names the"
                                                                        + " existing tenant "
                                                                        + bootstrap.tenant()
                                                                        + ", a "
                                                                        + type
                                                                        + " tenant: the bootstrap"
                                                                        + " tenant is a constructor")));
        Mono<String> owner =
                db.sql("SELECT tenant_id FROM users WHERE username = :username")
                        .bind("username", bootstrap.admin())
                        .map(row -> row.get("tenant_id", String.class))
                        .one();
        return tenant.then(owner)
                .flatMap(
                        existing ->
                                existing.equals(bootstrap.tenant())
                                        ? Mono.just("already present, nothing changed")
                                        : Mono.<String>error(
                                                new IllegalStateException(
                                                        "ROBOVIS_BOOTSTRAP_ADMIN names a user of"
                                                                + " another tenant")))
                .switchIfEmpty(
                        hasher.hash(bootstrap.password())
                                .flatMap(
                                        hash ->
                                                db.sql(
                                                                """
                                                                INSERT INTO users (username, tenant_id, role,
                                                                                   password_hash)
                                                                VALUES (:username, :tenant, 'admin', :hash)
                                                                ON CONFLICT (username) DO NOTHING
                                                                """)
                                                        .bind("username", bootstrap.admin())
                                                        .bind("tenant", bootstrap.tenant())
                                                        .bind("hash", hash)
                                                        .fetch()
                                                        .rowsUpdated())
                                .thenReturn("created"));
    }
}
