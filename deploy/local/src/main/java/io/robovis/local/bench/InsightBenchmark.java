package io.robovis.local.bench;

import io.robovis.local.simulator.GatewayClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Insights at scale, on a running local stack. {@code analyze}: writes 30 days of insight-service
 * projections for every robot whose id starts with {@code --prefix} straight into its tables
 * (hourly rollups, feature uses, sessions with journeys, health), then times {@code POST
 * /v1/insights/analyze} through the gateway for each kind, template narration (nothing answers on
 * the Ollama URL). {@code lag}: samples the projections' consumer lag on the events topic once a
 * second until it has been 0 for 5 s after {@code --min-seconds}. Run it with {@code
 * bench/insights.sh}.
 */
public final class InsightBenchmark {

    static final long HOUR = 3_600_000L;
    static final String EVENTS = "robovis.robot-events.v1";
    static final List<String> KINDS =
            List.of(
                    "fleet_health",
                    "feature_adoption_report",
                    "user_journey_analysis",
                    "friction_emerging_usage",
                    "cross_environment_comparison",
                    "predictive_maintenance",
                    "robot_anomaly",
                    "daily_digest");

    public static void run(Map<String, String> flags) throws Exception {
        if ("lag".equals(flags.getOrDefault("mode", "analyze"))) {
            lag(flags);
        } else {
            analyze(flags);
        }
    }

    static void analyze(Map<String, String> flags) throws Exception {
        String url = flags.getOrDefault("url", "http://localhost:8080");
        String jdbc =
                flags.getOrDefault(
                        "jdbc", "jdbc:postgresql://localhost:5433/robovis?user=postgres");
        String prefix = flags.getOrDefault("prefix", "INS");
        int days = Integer.parseInt(flags.getOrDefault("days", "30"));
        int requests = Integer.parseInt(flags.getOrDefault("requests", "20"));
        long now = System.currentTimeMillis();
        long to = now - now % HOUR;
        long from = to - days * 24 * HOUR;
        int expected = Integer.parseInt(flags.getOrDefault("robots", "0"));
        List<String> robots = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(jdbc);
                Statement sql = db.createStatement()) {
            // the registry reaches insight-service through robovis.robots.v1
            long deadline = System.currentTimeMillis() + 300_000;
            while (count(sql, prefix) < expected && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
            }
            try (ResultSet rs =
                    sql.executeQuery(
                            "SELECT robot_id FROM insight.robots WHERE robot_id LIKE '"
                                    + prefix
                                    + "-%' ORDER BY robot_id")) {
                while (rs.next()) {
                    robots.add(rs.getString(1));
                }
            }
            System.out.printf("%,d robots in insight-service's registry%n", robots.size());
            String scope = "r.robot_id LIKE '" + prefix + "-%'";
            if (!flags.containsKey("skip-load")) {
                load(sql, scope, from, to, now);
            }
        }
        run(url, robots, requests);
    }

    /** 30 days of projections, as the event projection would have written them. */
    private static void load(Statement sql, String scope, long from, long to, long now)
            throws Exception {
        {
            String hours =
                    "FROM insight.robots r CROSS JOIN generate_series(%d::bigint, %d::bigint, %d) AS h WHERE %s"
                            .formatted(from, to - HOUR, HOUR, scope);
            // active 12 hours a day (7:00-19:00 UTC); an error every 50 active hours
            String active = " AND (h / 3600000) % 24 BETWEEN 7 AND 18";
            time(
                    sql,
                    "hourly rollups",
                    """
                    INSERT INTO insight.robot_hourly (robot_id, hour_ms, metrics, errors, feature_uses,
                                                      feature_failures, events)
                    SELECT r.robot_id, h,
                           jsonb_build_object(
                             'battery_pct', jsonb_build_array(60, 60 * 70, 40, 95),
                             'motor_temp_c', jsonb_build_array(60, 60 * 42, 34, 52 + random()),
                             'cpu_temp_c', jsonb_build_array(60, 60 * 50, 45, 58 + random()),
                             'wifi_rssi_dbm', jsonb_build_array(60, 60 * -56, -60, -52)),
                           CASE WHEN random() < 0.02
                                THEN jsonb_build_object('wifi', jsonb_build_array(1, 0))
                                ELSE '{}'::jsonb END,
                           6, 0, 80
                    """
                            + hours
                            + active
                            + " ON CONFLICT DO NOTHING");
            time(
                    sql,
                    "feature uses",
                    """
                    INSERT INTO insight.feature_hourly (robot_id, hour_ms, feature, uses, successes,
                                                        failures, abandoned, duration_ms, timed)
                    SELECT r.robot_id, h, f, 3, 3 - (random() < 0.1)::int, (random() < 0.1)::int, 0,
                           90000, 3
                    """
                            + hours.replace(
                                    "AS h WHERE",
                                    "AS h CROSS JOIN unnest(ARRAY['video_call','music']) AS f WHERE")
                            + active
                            + " ON CONFLICT DO NOTHING");
            time(
                    sql,
                    "sessions",
                    """
                    INSERT INTO insight.sessions (robot_id, session_id, first_ms, last_ms, started,
                                                  ended, steps, step_ts)
                    SELECT r.robot_id, 's-' || h, h, h + 300000, true, random() < 0.95,
                           CASE WHEN random() < 0.5
                                THEN ARRAY['welcome','menu','feature:video_call','goodbye']
                                ELSE ARRAY['welcome','menu','feature:music','goodbye'] END,
                           ARRAY[h, h + 1000, h + 2000, h + 300000]
                    """
                            + hours
                            + active
                            + " AND (h / 3600000) % 3 = 0 ON CONFLICT DO NOTHING");
            time(
                    sql,
                    "health",
                    """
                    INSERT INTO insight.robot_health (robot_id, health_score, risk_level,
                                                      predicted_failure, probability, record, computed_at)
                    SELECT r.robot_id, s, CASE WHEN s < 50 THEN 'high' WHEN s < 70 THEN 'medium' ELSE 'low' END,
                           CASE WHEN s < 70 THEN 'battery' ELSE 'none' END, (100 - s) / 100.0,
                           jsonb_build_object('horizon_days', 14, 'components', jsonb_build_array(
                             jsonb_build_object('component', 'battery', 'expected_at_ms', null,
                               'evidence', jsonb_build_array(jsonb_build_object('metric', 'battery_health_pct',
                                 'value', s, 'trend_per_day', -0.5, 'threshold', 70))))),
                           now()
                    FROM insight.robots r CROSS JOIN LATERAL (SELECT 40 + (abs(hashtext(r.robot_id)) % 60) AS s) x
                    WHERE"""
                            + " "
                            + scope
                            + " ON CONFLICT (robot_id) DO NOTHING");
            sql.execute(
                    "INSERT INTO insight.robot_activity SELECT robot_id, "
                            + now
                            + " FROM insight.robots r WHERE "
                            + scope
                            + " ON CONFLICT DO NOTHING");
            // the daily buckets the projection keeps beside the hourly ones
            time(
                    sql,
                    "daily feature uses",
                    """
                    INSERT INTO insight.feature_daily
                    SELECT f.robot_id, f.hour_ms - f.hour_ms % 86400000, f.feature, sum(f.uses),
                           sum(f.successes), sum(f.failures), sum(f.abandoned), sum(f.duration_ms),
                           sum(f.timed)
                    FROM insight.feature_hourly f JOIN insight.robots r ON r.robot_id = f.robot_id
                    WHERE"""
                            + " "
                            + scope
                            + " GROUP BY 1, 2, 3 ON CONFLICT DO NOTHING");
            time(
                    sql,
                    "daily errors",
                    """
                    INSERT INTO insight.error_daily
                    SELECT h.robot_id, h.hour_ms - h.hour_ms % 86400000, e.key,
                           sum((e.value->>0)::int), sum((e.value->>1)::int)
                    FROM insight.robot_hourly h JOIN insight.robots r ON r.robot_id = h.robot_id
                    CROSS JOIN LATERAL jsonb_each(h.errors) e
                    WHERE"""
                            + " "
                            + scope
                            + " GROUP BY 1, 2, 3 ON CONFLICT DO NOTHING");
            // a bulk load the service never sees in normal work: give the planner its statistics
            for (String table :
                    List.of(
                            "robot_hourly",
                            "feature_hourly",
                            "feature_daily",
                            "error_daily",
                            "sessions",
                            "robots")) {
                sql.execute("ANALYZE insight." + table);
            }
        }
    }

    private static void run(String url, List<String> robots, int requests) throws Exception {
        GatewayClient gateway = new GatewayClient(url);
        String token = gateway.login("constructor_admin", "constructor123");
        HttpClient http = HttpClient.newHttpClient();
        Random random = new Random(7);
        System.out.printf(
                "POST /v1/insights/analyze through the gateway, constructor_admin (%,d robots),"
                        + " template narration, %d requests per kind one at a time:%n",
                robots.size(), requests);
        for (String kind : KINDS) {
            boolean oneRobot = kind.equals("robot_anomaly") || kind.equals("daily_digest");
            for (int i = 0; i < 2; i++) { // warm-up
                analyze(
                        http,
                        url,
                        token,
                        kind,
                        oneRobot ? robots.get(random.nextInt(robots.size())) : null);
            }
            long[] ms = new long[requests];
            long[] service = new long[requests];
            for (int i = 0; i < requests; i++) {
                long t = System.nanoTime();
                String body =
                        analyze(
                                http,
                                url,
                                token,
                                kind,
                                oneRobot ? robots.get(random.nextInt(robots.size())) : null);
                ms[i] = (System.nanoTime() - t) / 1_000_000;
                service[i] = durationMs(body);
            }
            Arrays.sort(ms);
            Arrays.sort(service);
            System.out.printf(
                    "  %-30s p50 %5d ms  p99 %5d ms  (duration_ms p50 %d, max %d)%n",
                    kind,
                    ms[requests / 2],
                    ms[p99(requests)],
                    service[requests / 2],
                    service[requests - 1]);
        }
    }

    private static long count(Statement sql, String prefix) throws Exception {
        try (ResultSet rs =
                sql.executeQuery(
                        "SELECT count(*) FROM insight.robots WHERE robot_id LIKE '"
                                + prefix
                                + "-%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int p99(int n) {
        return Math.min(n - 1, (int) Math.ceil(0.99 * n) - 1);
    }

    private static void time(Statement sql, String what, String statement) throws Exception {
        long t = System.nanoTime();
        int rows = sql.executeUpdate(statement);
        System.out.printf(
                "  wrote %,d rows of %s in %.1f s%n", rows, what, (System.nanoTime() - t) / 1e9);
    }

    private static String analyze(
            HttpClient http, String url, String token, String kind, String robot) throws Exception {
        String json =
                "{\"kind\":\""
                        + kind
                        + "\""
                        + (robot == null ? "" : ",\"robot_id\":\"" + robot + "\"")
                        + "}";
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(url + "/v1/insights/analyze"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofMinutes(3))
                                .POST(HttpRequest.BodyPublishers.ofString(json))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201
                || !response.body().contains("\"generator\":\"template\"")) {
            throw new IllegalStateException(
                    kind
                            + " answered "
                            + response.statusCode()
                            + ": "
                            + response.body()
                                    .substring(0, Math.min(300, response.body().length())));
        }
        return response.body();
    }

    private static long durationMs(String body) {
        int i = body.indexOf("\"duration_ms\":");
        int end = i + 14;
        while (end < body.length() && Character.isDigit(body.charAt(end))) {
            end++;
        }
        return Long.parseLong(body.substring(i + 14, end));
    }

    /** Consumer lag of the projections on the events topic, once a second. */
    static void lag(Map<String, String> flags) throws Exception {
        String kafka = flags.getOrDefault("kafka", "localhost:9092");
        long minSeconds = Long.parseLong(flags.getOrDefault("min-seconds", "60"));
        List<String> groups = List.of("robot-service.projection", "insight-service.activity");
        Map<String, Long> max = new HashMap<>();
        Map<String, Long> drainedAt = new HashMap<>();
        long start = System.currentTimeMillis();
        long quietSince = -1;
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            while (true) {
                long elapsed = (System.currentTimeMillis() - start) / 1000;
                StringBuilder line = new StringBuilder(String.format("  t=%3d s", elapsed));
                long total = 0;
                for (String group : groups) {
                    long lag = lag(admin, group);
                    total += lag;
                    max.merge(group, lag, Math::max);
                    if (lag > 0) {
                        drainedAt.remove(group);
                    } else {
                        drainedAt.putIfAbsent(group, elapsed);
                    }
                    line.append(String.format("  %s lag %,d", group, lag));
                }
                System.out.println(line);
                if (total == 0 && elapsed >= minSeconds) {
                    if (quietSince < 0) {
                        quietSince = elapsed;
                    } else if (elapsed - quietSince >= 5) {
                        break;
                    }
                } else {
                    quietSince = -1;
                }
                Thread.sleep(1000);
            }
        }
        for (String group : groups) {
            System.out.printf(
                    "%s: max lag %,d events; caught up at t=%d s%n",
                    group, max.get(group), drainedAt.get(group));
        }
    }

    private static long lag(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(EVENTS))
                .allTopicNames()
                .get()
                .get(EVENTS)
                .partitions()
                .forEach(
                        p ->
                                latest.put(
                                        new TopicPartition(EVENTS, p.partition()),
                                        OffsetSpec.latest()));
        long lag = 0;
        for (var e : admin.listOffsets(latest).all().get().entrySet()) {
            OffsetAndMetadata done = committed.get(e.getKey());
            lag += e.getValue().offset() - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    private InsightBenchmark() {}
}
