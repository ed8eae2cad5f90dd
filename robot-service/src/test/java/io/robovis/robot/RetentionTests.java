package io.robovis.robot;

import static org.assertj.core.api.Assertions.assertThat;

import io.robovis.common.events.TenantRecord;
import io.robovis.common.events.Topics;
import io.robovis.common.security.Role;
import io.robovis.common.security.TenantType;
import io.robovis.common.test.TestTokens;
import io.robovis.common.test.TopicReader;
import io.robovis.robot.retention.EventRetention;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Events are kept for their client tenant's retention_days, then deleted; others stay. */
class RetentionTests extends RobotServiceTestSupport {

    @Autowired EventRetention retention;

    @Test
    void eventsOlderThanTheClientsRetentionAreDeletedAndNoOthers() {
        String ctor = unique("ctor");
        String shortLived = unique("cli-short");
        String longLived = unique("cli-long");
        tenants(Map.of(ctor, "constructor", longLived, "client"));
        TopicReader.send(
                Topics.TENANTS.name(),
                shortLived,
                json.writeValueAsString(
                        new TenantRecord(
                                shortLived,
                                "client",
                                shortLived,
                                "UTC",
                                "en",
                                300,
                                null,
                                null,
                                2,
                                false,
                                Instant.now().toString())),
                Map.of());
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                db.sql("SELECT count(*) AS n FROM tenants WHERE tenant_id = :t")
                                                .bind("t", shortLived)
                                                .map(r -> r.get("n", Long.class))
                                                .one()
                                                .block()
                                        == 1);
        String a = unique("RET");
        String b = unique("KEEP");
        provision(ctor, a, shortLived, Map.of());
        provision(ctor, b, longLived, Map.of());
        String ingest = TestTokens.token(ctor, TenantType.CONSTRUCTOR, Role.INGEST);
        long now = CLOCK.millis();
        long threeDaysAgo = now - Duration.ofDays(3).toMillis();
        send(
                        ingest,
                        List.of(
                                event(a, threeDaysAgo, "heartbeat", Map.of()),
                                event(a, now - 1000, "heartbeat", Map.of()),
                                event(b, threeDaysAgo, "heartbeat", Map.of())))
                .expectStatus()
                .isAccepted();
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> count(a) == 2 && count(b) == 1);

        assertThat(retention.purge().block()).isGreaterThanOrEqualTo(1L);

        assertThat(count(a)).isEqualTo(1);
        assertThat(minTs(a)).isEqualTo(now - 1000);
        assertThat(count(b)).isEqualTo(1);
    }

    private long count(String robot) {
        return db.sql("SELECT count(*) AS n FROM events WHERE robot_id = :r AND type = 'heartbeat'")
                .bind("r", robot)
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }

    private long minTs(String robot) {
        return db.sql(
                        "SELECT min(ts_ms) AS t FROM events WHERE robot_id = :r AND type = 'heartbeat'")
                .bind("r", robot)
                .map(row -> row.get("t", Long.class))
                .one()
                .block();
    }
}
