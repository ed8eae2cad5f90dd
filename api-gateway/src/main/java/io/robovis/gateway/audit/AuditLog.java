package io.robovis.gateway.audit;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * The append-only audit log: identity changes are appended in the transaction of the change, the
 * services' changes after their answer (RoutedChangeAudit). Nothing updates or deletes a line; the
 * table's trigger refuses it.
 */
@Repository
public class AuditLog {

    private static final int MAX_TEXT = 200;

    private final DatabaseClient db;

    AuditLog(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> append(AuditEntry entry) {
        GenericExecuteSpec spec =
                db.sql(
                        """
                        INSERT INTO audit_log (actor, tenant_id, action, target, ip, request_id)
                        VALUES (:actor, :tenant, :action, :target, :ip, :request)
                        """);
        spec = bind(spec, "actor", entry.actor());
        spec = bind(spec, "tenant", entry.tenantId());
        spec = spec.bind("action", entry.action());
        spec = bind(spec, "target", entry.target());
        spec = bind(spec, "ip", entry.ip());
        spec = bind(spec, "request", entry.requestId());
        return spec.then();
    }

    /** A tenant's lines, newest first, after the cursor's line, filtered. */
    Mono<List<Line>> page(Filter filter, Long beforeId, int limit) {
        StringBuilder sql =
                new StringBuilder(
                        "SELECT id, at, actor, tenant_id, action, target, ip, request_id"
                                + " FROM audit_log WHERE tenant_id = :tenant");
        if (beforeId != null) {
            sql.append(" AND id < :before");
        }
        if (filter.actor() != null) {
            sql.append(" AND actor = :actor");
        }
        if (filter.action() != null) {
            // an exact action, or a family: "user" or "user." matches user.created, user.disabled…
            sql.append(" AND (action = :action OR action LIKE :family)");
        }
        if (filter.target() != null) {
            sql.append(" AND target = :target");
        }
        if (filter.from() != null) {
            sql.append(" AND at >= :from");
        }
        if (filter.to() != null) {
            sql.append(" AND at < :to");
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        GenericExecuteSpec spec =
                db.sql(sql.toString()).bind("tenant", filter.tenantId()).bind("limit", limit);
        if (beforeId != null) {
            spec = spec.bind("before", beforeId);
        }
        if (filter.actor() != null) {
            spec = spec.bind("actor", filter.actor());
        }
        if (filter.action() != null) {
            String family = filter.action().endsWith(".") ? filter.action() : filter.action() + ".";
            spec =
                    spec.bind("action", filter.action())
                            .bind("family", family.replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (filter.target() != null) {
            spec = spec.bind("target", filter.target());
        }
        if (filter.from() != null) {
            spec = spec.bind("from", filter.from().atOffset(ZoneOffset.UTC));
        }
        if (filter.to() != null) {
            spec = spec.bind("to", filter.to().atOffset(ZoneOffset.UTC));
        }
        return spec.map(AuditLog::line).all().collectList();
    }

    private static Line line(Readable row) {
        return new Line(
                row.get("id", Long.class),
                new AuditView(
                        row.get("at", OffsetDateTime.class).toInstant().toString(),
                        row.get("actor", String.class),
                        row.get("tenant_id", String.class),
                        row.get("action", String.class),
                        row.get("target", String.class),
                        row.get("ip", String.class),
                        row.get("request_id", String.class)));
    }

    private static GenericExecuteSpec bind(GenericExecuteSpec spec, String name, String value) {
        if (value == null) {
            return spec.bindNull(name, String.class);
        }
        return spec.bind(name, value.length() > MAX_TEXT ? value.substring(0, MAX_TEXT) : value);
    }

    record Filter(
            String tenantId,
            String actor,
            String action,
            String target,
            Instant from,
            Instant to) {}

    record Line(long id, AuditView view) {}

    /** A line as {@code GET /v1/audit} shows it. */
    record AuditView(
            String at,
            String actor,
            String tenantId,
            String action,
            String target,
            String ip,
            String requestId) {}
}
