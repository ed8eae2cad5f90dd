package io.robovis.local.bench;

import io.robovis.local.simulator.GatewayClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Fleet health at scale on a running local stack whose robots (prefix {@code --prefix}) are
 * provisioned: writes eight days of hourly rollups for each of them straight into robot-service's
 * table (one robot in twenty with a fading battery), waits for the next full rescore and reads its
 * duration from robot-service's log, then times {@code GET /v1/client/fleet-health} through the
 * gateway. Run it with {@code bench/health.sh}.
 */
public final class HealthBenchmark {

    static final long HOUR = 3_600_000L;

    public static void run(Map<String, String> flags) throws Exception {
        String url = flags.getOrDefault("url", "http://localhost:8080");
        int requests = Integer.parseInt(flags.getOrDefault("requests", "200"));
        // --time-only: the stack's robots are scored already; only the answers are timed
        if (!flags.containsKey("time-only")) {
            loadAndRescore(flags);
        }
        GatewayClient gateway = new GatewayClient(url);
        String token = gateway.login("client_admin", "client123");
        HttpClient http = HttpClient.newHttpClient();
        String service = flags.getOrDefault("service-url", "http://localhost:8081");
        // --only gateway|service and --encoding plain|gzip narrow the four cases to the ones asked,
        // for a long run (say, 10,000 requests across a full rescore cycle) of one of them
        List<String> targets = cases(flags, "only", "gateway", "service");
        List<String> encodings = cases(flags, "encoding", "plain", "gzip");
        for (String encoding : encodings) {
            boolean gzip = encoding.equals("gzip");
            if (targets.contains("gateway")) {
                time(http, token, url, "through the gateway", requests, gzip);
            }
            if (targets.contains("service")) {
                time(http, token, service, "robot-service alone", requests, gzip);
            }
        }
    }

    /** The flag's value if it names one of {@code all}, else all of them. */
    private static List<String> cases(Map<String, String> flags, String flag, String... all) {
        String value = flags.get(flag);
        if (value == null) {
            return List.of(all);
        }
        if (!List.of(all).contains(value)) {
            throw new IllegalArgumentException(
                    "--" + flag + " is one of " + String.join(", ", all) + ": " + value);
        }
        return List.of(value);
    }

    /**
     * Writes the rollups of every robot with the prefix and reports the duration of the second full
     * rescore that ends after them.
     */
    private static void loadAndRescore(Map<String, String> flags) throws Exception {
        String jdbc =
                flags.getOrDefault(
                        "jdbc", "jdbc:postgresql://localhost:5433/robovis?user=postgres");
        String prefix = flags.getOrDefault("prefix", "HLT");
        Path log = Path.of(flags.get("log"));
        long now = System.currentTimeMillis();
        long from = now - now % HOUR - 8 * 24 * HOUR;
        long started = System.nanoTime();
        int rows;
        try (Connection db = DriverManager.getConnection(jdbc);
                PreparedStatement insert =
                        db.prepareStatement(
                                """
                                INSERT INTO robot.robot_hourly (robot_id, hour_ms, metrics, errors,
                                    feature_uses, feature_failures, events)
                                SELECT r.robot_id, h,
                                       jsonb_build_object(
                                         'battery_health_pct', jsonb_build_array(6, 6 * b, b - 0.1, b + 0.1),
                                         'motor_temp_c', jsonb_build_array(6, 6 * 42, 34, 52 + random()),
                                         'cpu_temp_c', jsonb_build_array(6, 6 * 50, 45, 58 + random()),
                                         'wifi_rssi_dbm', jsonb_build_array(6, 6 * -56, -60, -52)),
                                       '{}'::jsonb, 3, 0, 20
                                FROM robot.robots r
                                CROSS JOIN generate_series(?::bigint, ?::bigint, 3600000) AS h
                                CROSS JOIN LATERAL (SELECT 94 - CASE WHEN hashtext(r.robot_id) % 20 = 0
                                                                     THEN 2.0 ELSE 0.01 END
                                                                * (h - ?::bigint) / 86400000.0 AS b) AS x
                                WHERE r.robot_id LIKE ? AND r.deprovisioned_at IS NULL
                                ON CONFLICT DO NOTHING
                                """)) {
            insert.setLong(1, from);
            insert.setLong(2, now - now % HOUR);
            insert.setLong(3, from);
            insert.setString(4, prefix + "-%");
            rows = insert.executeUpdate();
            // a bulk load the service never sees in normal work: give the planner its statistics
            db.createStatement().execute("ANALYZE robot.robot_hourly");
        }
        System.out.printf(
                "Wrote %,d hourly rollups (8 days per robot) in %.1f s%n",
                rows, (System.nanoTime() - started) / 1e9);

        long logFrom = Files.size(log);
        // the first pass that ends now may have started before the rollups were committed: the
        // second one read them all
        System.out.println("Waiting for two full rescores…");
        Pattern line = Pattern.compile("Full rescore: (\\d+) robots in (\\d+) ms");
        long deadline = System.currentTimeMillis() + 15 * 60_000;
        Matcher found = null;
        while (found == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            String tail = Files.readString(log).substring((int) logFrom);
            Matcher m = line.matcher(tail);
            if (m.find() && m.find()) {
                found = m;
            }
        }
        if (found == null) {
            throw new IllegalStateException("No full rescore in " + log + " within 15 min");
        }
        System.out.printf(
                "Full rescore: %s robots in %.1f s%n",
                found.group(1), Long.parseLong(found.group(2)) / 1000.0);
    }

    /**
     * Times the fleet-health answer one request at a time; with {@code gzip} the client asks for a
     * compressed answer (as browsers and Python's requests do) and the time includes inflating it.
     */
    private static void time(
            HttpClient http, String token, String url, String path, int requests, boolean gzip)
            throws Exception {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(url + "/v1/client/fleet-health"))
                        .header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(30));
        if (gzip) {
            builder.header("Accept-Encoding", "gzip");
        }
        HttpRequest request = builder.build();
        for (int i = 0; i < 5; i++) {
            body(http.send(request, HttpResponse.BodyHandlers.ofByteArray())); // warm-up
        }
        long[] ms = new long[requests];
        HttpResponse<byte[]> last = null;
        byte[] body = null;
        for (int i = 0; i < requests; i++) {
            long t = System.nanoTime();
            last = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            body = body(last);
            ms[i] = (System.nanoTime() - t) / 1_000_000;
            if (last.statusCode() != 200) {
                throw new IllegalStateException("fleet-health answered " + last.statusCode());
            }
        }
        // every answer is the same fleet: counted once, from the last
        int robots = new String(body, StandardCharsets.UTF_8).split("\"robot_id\"", -1).length - 1;
        long wire = last.body().length;
        Arrays.sort(ms);
        System.out.printf(
                "GET /v1/client/fleet-health %s%s (client-alpha, %,d robots, %,d bytes sent), %d"
                        + " requests one at a time: p50 %d ms, p99 %d ms, max %d ms%n",
                path,
                gzip ? ", gzip" : "",
                robots,
                wire,
                requests,
                ms[requests / 2],
                ms[Math.min(requests - 1, (int) Math.ceil(0.99 * requests) - 1)],
                ms[requests - 1]);
    }

    /** The answer's JSON, inflated when it came gzipped. */
    private static byte[] body(HttpResponse<byte[]> response) throws IOException {
        boolean gzipped =
                response.headers()
                        .firstValue("Content-Encoding")
                        .filter("gzip"::equalsIgnoreCase)
                        .isPresent();
        if (!gzipped) {
            return response.body();
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
            return in.readAllBytes();
        }
    }

    private HealthBenchmark() {}
}
