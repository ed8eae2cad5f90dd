package io.robovis.robot.robot;

import io.r2dbc.spi.Readable;
import io.robovis.common.db.Binds;
import io.robovis.common.security.RobovisPrincipal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The registry table. Every read by a caller carries the caller's tenant in its WHERE clause. */
@Repository
public class RobotRepository {

    static final String COLUMNS =
            "robot_id, constructor_id, client_id, model, site, environment, firmware,"
                    + " offline_after_s, provisioned_at, updated_at, last_seen_ms, online";

    private final DatabaseClient db;

    RobotRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Inserts the robots; emits the ids that already existed instead when there are any. */
    Mono<List<String>> existing(List<String> robotIds) {
        return db.sql("SELECT robot_id FROM robots WHERE robot_id = ANY(:ids)")
                .bind("ids", robotIds.toArray(String[]::new))
                .map(row -> row.get("robot_id", String.class))
                .all()
                .collectList();
    }

    Flux<Robot> insert(List<RobotSpec> specs, String constructorId, Instant now) {
        int n = specs.size();
        String[][] columns = new String[6][n];
        Integer[] offline = new Integer[n];
        for (int i = 0; i < n; i++) {
            RobotSpec s = specs.get(i);
            columns[0][i] = s.robotId();
            columns[1][i] = s.clientId();
            columns[2][i] = s.model();
            columns[3][i] = s.site();
            columns[4][i] = s.environment();
            columns[5][i] = s.firmware();
            offline[i] = s.offlineAfterS();
        }
        return db.sql(
                        """
                        INSERT INTO robots (robot_id, constructor_id, client_id, model, site, environment,
                                            firmware, offline_after_s, provisioned_at, updated_at)
                        SELECT r, :constructor, c, m, s, e, f, o, :now, :now
                        FROM unnest(:robots::text[], :clients::text[], :models::text[], :sites::text[],
                                    :environments::text[], :firmwares::text[], :offline::int[])
                             AS x(r, c, m, s, e, f, o)
                        RETURNING\s"""
                                + COLUMNS)
                .bind("constructor", constructorId)
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .bind("robots", columns[0])
                .bind("clients", columns[1])
                .bind("models", columns[2])
                .bind("sites", columns[3])
                .bind("environments", columns[4])
                .bind("firmwares", columns[5])
                .bind("offline", offline)
                .map(RobotRepository::robot)
                .all();
    }

    /** Tenancy of the robots among {@code robotIds} that were ever provisioned, by robot id. */
    public Mono<Map<String, RobotTenancy>> tenancy(Collection<String> robotIds) {
        return db.sql(
                        "SELECT robot_id, constructor_id, client_id, site, deprovisioned_at IS NOT NULL AS gone"
                                + " FROM robots WHERE robot_id = ANY(:ids)")
                .bind("ids", robotIds.toArray(String[]::new))
                .map(
                        row ->
                                new RobotTenancy(
                                        row.get("robot_id", String.class),
                                        row.get("constructor_id", String.class),
                                        row.get("client_id", String.class),
                                        row.get("site", String.class),
                                        Boolean.TRUE.equals(row.get("gone", Boolean.class))))
                .all()
                .collectMap(RobotTenancy::robotId);
    }

    /** The robot when the caller may see it (its constructor or its client), else empty. */
    public Mono<Robot> findVisible(String robotId, RobovisPrincipal caller) {
        return db.sql(
                        "SELECT "
                                + COLUMNS
                                + " FROM robots WHERE robot_id = :id AND deprovisioned_at IS NULL AND "
                                + scope(caller))
                .bind("id", robotId)
                .bind("tenant", caller.tenantId())
                .map(RobotRepository::robot)
                .one();
    }

    /** {"ts_ms": …, "metrics": {…}} of the latest telemetry, empty before any. */
    Mono<String> latestTelemetry(String robotId) {
        return db.sql(
                        "SELECT jsonb_build_object('ts_ms', telemetry_ts_ms, 'metrics', telemetry)::text AS t"
                                + " FROM robots WHERE robot_id = :id AND telemetry IS NOT NULL")
                .bind("id", robotId)
                .map(row -> row.get("t", String.class))
                .one();
    }

    Flux<Robot> list(RobovisPrincipal caller, RobotQuery query) {
        StringBuilder sql =
                new StringBuilder("SELECT ")
                        .append(COLUMNS)
                        .append(" FROM robots WHERE deprovisioned_at IS NULL AND ")
                        .append(scope(caller));
        List<String[]> binds = new ArrayList<>();
        if (query.clientId() != null) {
            sql.append(" AND client_id = :client");
            binds.add(new String[] {"client", query.clientId()});
        }
        if (query.site() != null) {
            sql.append(" AND site = :site");
            binds.add(new String[] {"site", query.site()});
        }
        if (query.environment() != null) {
            sql.append(" AND environment = :environment");
            binds.add(new String[] {"environment", query.environment()});
        }
        if (query.status() != null) {
            sql.append(
                    switch (query.status()) {
                        case "online" -> " AND online";
                        case "offline" -> " AND NOT online AND last_seen_ms IS NOT NULL";
                        default -> " AND last_seen_ms IS NULL";
                    });
        }
        if (query.after() != null) {
            sql.append(" AND robot_id > :after");
            binds.add(new String[] {"after", query.after()});
        }
        sql.append(" ORDER BY robot_id LIMIT :limit");
        GenericExecuteSpec spec =
                db.sql(sql.toString())
                        .bind("tenant", caller.tenantId())
                        .bind("limit", query.limit());
        for (String[] bind : binds) {
            spec = spec.bind(bind[0], bind[1]);
        }
        return spec.map(RobotRepository::robot).all();
    }

    /** Applies the patch to a robot of this constructor; empty when it has no such robot. */
    Mono<Robot> update(String robotId, String constructorId, RobotPatch patch, Instant now) {
        GenericExecuteSpec spec =
                db.sql(
                                """
                                UPDATE robots SET
                                  client_id = COALESCE(:client, client_id),
                                  model = COALESCE(:model, model),
                                  site = COALESCE(:site, site),
                                  environment = COALESCE(:environment, environment),
                                  firmware = COALESCE(:firmware, firmware),
                                  offline_after_s = COALESCE(:offline, offline_after_s),
                                  updated_at = :now
                                WHERE robot_id = :id AND constructor_id = :constructor
                                  AND deprovisioned_at IS NULL
                                RETURNING\s"""
                                        + COLUMNS)
                        .bind("id", robotId)
                        .bind("constructor", constructorId)
                        .bind("now", now.atOffset(ZoneOffset.UTC));
        spec = Binds.nullable(spec, "client", patch.clientId(), String.class);
        spec = Binds.nullable(spec, "model", patch.model(), String.class);
        spec = Binds.nullable(spec, "site", patch.site(), String.class);
        spec = Binds.nullable(spec, "environment", patch.environment(), String.class);
        spec = Binds.nullable(spec, "firmware", patch.firmware(), String.class);
        spec = Binds.nullable(spec, "offline", patch.offlineAfterS(), Integer.class);
        return spec.map(RobotRepository::robot).one();
    }

    /** Tombstones a robot of this constructor; empty when it has no such robot. */
    Mono<Robot> deprovision(String robotId, String constructorId, Instant now) {
        return db.sql(
                        "UPDATE robots SET deprovisioned_at = :now, updated_at = :now, online = false"
                                + " WHERE robot_id = :id AND constructor_id = :constructor"
                                + " AND deprovisioned_at IS NULL RETURNING "
                                + COLUMNS)
                .bind("id", robotId)
                .bind("constructor", constructorId)
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .map(RobotRepository::robot)
                .one();
    }

    /** The SQL condition that limits rows to what the caller may see; binds {@code :tenant}. */
    public static String scope(RobovisPrincipal caller) {
        return caller.isConstructor() ? "constructor_id = :tenant" : "client_id = :tenant";
    }

    static Robot robot(Readable row) {
        return new Robot(
                row.get("robot_id", String.class),
                row.get("constructor_id", String.class),
                row.get("client_id", String.class),
                row.get("model", String.class),
                row.get("site", String.class),
                row.get("environment", String.class),
                row.get("firmware", String.class),
                row.get("offline_after_s", Integer.class),
                row.get("provisioned_at", OffsetDateTime.class).toInstant(),
                row.get("updated_at", OffsetDateTime.class).toInstant(),
                row.get("last_seen_ms", Long.class),
                Boolean.TRUE.equals(row.get("online", Boolean.class)));
    }
}
