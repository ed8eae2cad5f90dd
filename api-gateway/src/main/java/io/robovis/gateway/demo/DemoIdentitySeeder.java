package io.robovis.gateway.demo;

import io.robovis.gateway.auth.PasswordHasher;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The demo tenants and users of the local stack ({@code demo} profile only; production bootstraps
 * its first admin from the environment). Idempotent: existing rows are left as they are.
 */
@Component
@Profile("demo")
class DemoIdentitySeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoIdentitySeeder.class);

    record DemoTenant(String id, String type, String name, String timezone, String language) {}

    record DemoUser(String username, String password, String tenantId, String role) {}

    static final List<DemoTenant> TENANTS =
            List.of(
                    new DemoTenant(
                            "constructor-acme",
                            "constructor",
                            "ACME Robotics",
                            "Europe/Paris",
                            "fr"),
                    new DemoTenant(
                            "client-alpha", "client", "Alpha Care Homes", "Europe/Paris", "fr"),
                    new DemoTenant("client-beta", "client", "Beta Schools", "Europe/Paris", "en"));

    static final List<DemoUser> USERS =
            List.of(
                    new DemoUser(
                            "constructor_admin", "constructor123", "constructor-acme", "admin"),
                    new DemoUser("acme_ingest", "ingest123", "constructor-acme", "ingest"),
                    new DemoUser("client_admin", "client123", "client-alpha", "admin"),
                    new DemoUser("beta_admin", "beta123", "client-beta", "admin"));

    private final DatabaseClient db;
    private final PasswordHasher hasher;

    DemoIdentitySeeder(DatabaseClient db, PasswordHasher hasher) {
        this.db = db;
        this.hasher = hasher;
    }

    @Override
    public void run(ApplicationArguments args) {
        // Start-up, before the service reports ready: waiting here blocks no request.
        Long added = seed().block();
        log.info("Demo identity ready ({} rows added)", added);
    }

    Mono<Long> seed() {
        Flux<Long> tenants =
                Flux.fromIterable(TENANTS)
                        .concatMap(
                                t ->
                                        db.sql(
                                                        """
                                                        INSERT INTO tenants (tenant_id, type, name, timezone, language)
                                                        VALUES (:id, :type, :name, :tz, :lang)
                                                        ON CONFLICT (tenant_id) DO NOTHING
                                                        """)
                                                .bind("id", t.id())
                                                .bind("type", t.type())
                                                .bind("name", t.name())
                                                .bind("tz", t.timezone())
                                                .bind("lang", t.language())
                                                .fetch()
                                                .rowsUpdated());
        Flux<Long> users =
                Flux.fromIterable(USERS)
                        .concatMap(
                                u ->
                                        hasher.hash(u.password())
                                                .flatMap(
                                                        hash ->
                                                                db.sql(
                                                                                """
                                                                                INSERT INTO users (username, tenant_id, role, password_hash)
                                                                                VALUES (:username, :tenant, :role, :hash)
                                                                                ON CONFLICT (username) DO NOTHING
                                                                                """)
                                                                        .bind(
                                                                                "username",
                                                                                u.username())
                                                                        .bind(
                                                                                "tenant",
                                                                                u.tenantId())
                                                                        .bind("role", u.role())
                                                                        .bind("hash", hash)
                                                                        .fetch()
                                                                        .rowsUpdated()));
        return tenants.concatWith(users).reduce(0L, Long::sum);
    }
}
