package io.robovis.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.robovis.common.security.Role;
import io.robovis.common.security.TenantType;
import io.robovis.common.test.TestEvents;
import io.robovis.common.test.TestTokens;
import io.robovis.insight.llm.Grounding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The facts of each kind against a hand-built event set whose answers are known: counts, rates,
 * week-over-week deltas, top paths, the drop-off step, environment comparison, ranking by risk, a
 * robot against its own baseline. One event is sent twice and must count once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FactsTests extends InsightTestSupport {

    final String constructor = unique("acme");
    final String alpha = unique("alpha");
    final String beta = unique("beta");
    final String a1 = unique("A1");
    final String a2 = unique("A2");
    final String b1 = unique("B1");
    final String gamma = unique("gamma");
    final String otherConstructor = unique("other");
    final String delta = unique("delta");
    final String d1 = unique("D1");
    final String d2 = unique("D2");
    final String g1 = unique("G1");
    final long now = System.currentTimeMillis();
    // fleet kinds read the last 7 complete UTC days: yesterday noon is in them, a week before in
    // the 7 days before; the kinds about one robot read its last 24 hours: 2 hours ago
    final long current = now - Math.floorMod(now, 86_400_000L) - 12 * 3_600_000L;
    final long previous = current - 7 * 86_400_000L;
    // within the last 24 hours and after today's UTC midnight, so outside the fleet kinds'
    // default window (the last complete days) whatever the hour the tests run at
    final long recent =
            Math.max(now - 2 * 3_600_000L, now - Math.floorMod(now, 86_400_000L) + 60_000L);

    String alphaToken;
    String gammaToken;
    String constructorToken;

    @BeforeAll
    void fleet() {
        tenant(constructor, "constructor", "en");
        tenant(alpha, "client", "en");
        tenant(beta, "client", "en");
        robot(a1, constructor, alpha, "site-a", "ehpad");
        robot(a2, constructor, alpha, "site-a", "ehpad");
        robot(b1, constructor, beta, "site-b", "school");
        health(a1, 40, "high", "battery", 0.9);
        health(a2, 90, "low", "none", 0.05);
        alphaToken = TestTokens.token(alpha, TenantType.CLIENT, Role.ANALYST);
        constructorToken = TestTokens.constructorAdmin(constructor);

        tenant(gamma, "client", "en");
        robot(g1, constructor, gamma, "site-g", "hospital");
        gammaToken = TestTokens.token(gamma, TenantType.CLIENT, Role.ANALYST);

        List<Map<String, Object>> events = new ArrayList<>();
        // alpha now: 20 video_call (14 success, 2 failure, 4 abandoned) + 5 music, 4 sessions
        // (3 ended, 1 dropped at "menu"), 3 wifi errors (1 critical); before: 20 video_call, all
        // successes, 1 wifi error; beta now: 30 quiz
        activity(events, a1, current);
        uses(events, a2, current, "video_call", "success", 6);
        uses(events, a2, current, "video_call", "abandoned", 4);
        session(
                events,
                a2,
                "s4",
                current,
                true,
                "welcome",
                "menu",
                "feature:video_call",
                "goodbye");
        java.util.Collections.swap(events, events.size() - 2, events.size() - 4);
        uses(events, a1, previous, "video_call", "success", 20);
        events.add(error(a1, previous, "wifi", "warning"));
        uses(events, b1, current, "quiz", "success", 30);
        // g1: the same day as a1's, 2 hours ago, after 6 days of a motor at 40 °C
        activity(events, g1, recent);
        double[] baseline = {40, 41, 39, 40, 42, 40};
        for (int d = 0; d < baseline.length; d++) {
            events.add(
                    event(
                            g1,
                            now - (d + 2) * 86_400_000L + 3_600_000L,
                            "telemetry",
                            Map.of("metrics", Map.of("motor_temp_c", baseline[d]))));
        }
        // delta (another constructor's client): d1 fails 16 music plays of 40, d2 2 of 40
        tenant(otherConstructor, "constructor", "en");
        tenant(delta, "client", "en");
        robot(d1, otherConstructor, delta, "site-d", "home");
        robot(d2, otherConstructor, delta, "site-d", "home");
        uses(events, d1, current, "music", "failure", 16);
        uses(events, d1, current + 60_000, "music", "success", 24);
        uses(events, d2, current, "music", "failure", 2);
        uses(events, d2, current + 60_000, "music", "success", 38);
        // a1 and g1 are online, a2 is not
        events.add(event(a1, now - 10_000, "heartbeat", Map.of()));
        events.add(event(g1, now - 10_000, "heartbeat", Map.of()));
        send(events);
        send(List.of(events.get(0))); // a redelivery: counted once
    }

    /**
     * One robot's day: 10 video calls (2 failed), 5 music, sessions s1 and s2 ended and s3 dropped
     * at "menu" (steps sent out of order), 3 wifi errors (1 critical), motor at 70 °C and battery
     * from 80 to 60.
     */
    private static void activity(List<Map<String, Object>> events, String robot, long at) {
        uses(events, robot, at, "video_call", "success", 8);
        uses(events, robot, at, "video_call", "failure", 2);
        uses(events, robot, at, "music", "success", 5);
        session(events, robot, "s1", at, true, "welcome", "menu", "feature:video_call", "goodbye");
        java.util.Collections.swap(events, events.size() - 2, events.size() - 4);
        session(events, robot, "s2", at + 60_000, true, "welcome", "menu", "goodbye");
        session(events, robot, "s3", at + 120_000, false, "welcome", "menu");
        events.add(error(robot, at, "wifi", "critical"));
        events.add(error(robot, at + 1000, "wifi", "warning"));
        events.add(error(robot, at + 2000, "wifi", "warning"));
        events.add(
                event(
                        robot,
                        at,
                        "telemetry",
                        Map.of("metrics", Map.of("motor_temp_c", 70, "battery_pct", 80))));
        events.add(
                event(
                        robot,
                        at + 60_000,
                        "telemetry",
                        Map.of("metrics", Map.of("motor_temp_c", 70, "battery_pct", 60))));
    }

    private static void uses(
            List<Map<String, Object>> events,
            String robot,
            long ts,
            String feature,
            String outcome,
            int n) {
        for (int i = 0; i < n; i++) {
            events.add(
                    event(
                            robot,
                            ts + i * 1000L,
                            "feature_used",
                            Map.of(
                                    "session_id",
                                    "x",
                                    "feature",
                                    feature,
                                    "outcome",
                                    outcome,
                                    "duration_ms",
                                    10_000)));
        }
    }

    private static void session(
            List<Map<String, Object>> events,
            String robot,
            String id,
            long ts,
            boolean ended,
            String... steps) {
        events.add(event(robot, ts, "session_started", Map.of("session_id", id)));
        for (int i = 0; i < steps.length; i++) {
            events.add(
                    event(
                            robot,
                            ts + (i + 1) * 1000L,
                            "journey_step",
                            Map.of("session_id", id, "step", steps[i])));
        }
        if (ended) {
            events.add(event(robot, ts + 30_000, "session_ended", Map.of("session_id", id)));
        }
    }

    private static Map<String, Object> error(
            String robot, long ts, String component, String severity) {
        return TestEvents.error(robot, ts, component, severity);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    private Map<String, Object> facts(String token, String kind, String robotId) {
        Map<String, Object> body =
                new java.util.HashMap<>(Map.of("kind", kind, "model", "error500"));
        if (robotId != null) {
            body.put("robot_id", robotId);
        }
        Map<String, Object> insight = analyzed(token, body);
        assertThat(insight.get("generator")).isEqualTo("template");
        assertThat((String) insight.get("analysis_text")).isNotBlank();
        Map<String, Object> facts = map(insight.get("facts"));
        // the template narration says only numbers of the facts
        assertThat(new Grounding(facts).ungrounded((String) insight.get("analysis_text")))
                .isEmpty();
        facts.put("severity", insight.get("severity"));
        return facts;
    }

    @Test
    void featureAdoptionCountsUsesRatesAndWeekOverWeek() {
        Map<String, Object> facts = facts(alphaToken, "feature_adoption_report", null);
        List<Map<String, Object>> features = list(facts.get("features"));
        assertThat(features)
                .extracting(f -> f.get("feature"))
                .containsExactly("video_call", "music");
        Map<String, Object> video = features.get(0);
        assertThat(video.get("robots_using")).isEqualTo(2);
        assertThat(video.get("adoption_pct")).isEqualTo(100.0);
        assertThat(video.get("uses")).isEqualTo(20);
        assertThat(video.get("success_rate_pct")).isEqualTo(70.0);
        assertThat(video.get("uses_previous_period")).isEqualTo(20);
        assertThat(video.get("uses_change_pct")).isEqualTo(0.0);
        assertThat(video.get("average_duration_s")).isEqualTo(10.0);
        assertThat(features.get(1).get("uses_change_pct")).isNull();
        assertThat(features.get(1).get("adoption_pct")).isEqualTo(50.0);
        assertThat(facts.get("severity")).isEqualTo("warning");
    }

    @Test
    void frictionFindsTheFeatureWhoseFailureRateRose() {
        Map<String, Object> facts = facts(alphaToken, "friction_emerging_usage", null);
        assertThat(facts.get("rising_friction")).isEqualTo(List.of("video_call"));
        Map<String, Object> video = list(facts.get("features")).get(0);
        assertThat(video.get("friction_rate_pct")).isEqualTo(30.0);
        assertThat(video.get("friction_rate_previous_pct")).isEqualTo(0.0);
        assertThat(video.get("friction_change_points")).isEqualTo(30.0);
        // per robot, a handful of uses is no hotspot: a2 abandons 4 of 10 video calls, against
        // 30 % for the fleet
        assertThat(list(facts.get("friction_hotspots"))).isEmpty();
        assertThat(facts.get("severity")).isEqualTo("critical");
    }

    @Test
    void aRobotWellAboveItsFleetOnAFeatureIsAFrictionHotspot() {
        Map<String, Object> facts =
                facts(
                        TestTokens.token(delta, TenantType.CLIENT, Role.ADMIN),
                        "friction_emerging_usage",
                        null);
        // the fleet fails 18 of 80 (22.5 %); d1 16 of 40: (0.4 - 0.225) / sqrt(0.225 * 0.775 / 40)
        // = 2.65
        assertThat(list(facts.get("friction_hotspots")))
                .singleElement()
                .satisfies(
                        h ->
                                assertThat(h)
                                        .containsEntry("robot_id", d1)
                                        .containsEntry("friction_rate_pct", 40.0)
                                        .containsEntry("fleet_friction_rate_pct", 22.5)
                                        .containsEntry("z_score", 2.7));
        assertThat(facts.get("severity")).isEqualTo("critical");
    }

    @Test
    void aReassignedRobotsPastStaysWithItsFormerClient() {
        String before = unique("before");
        String after = unique("after");
        String robot = unique("R");
        tenant(before, "client", "en");
        tenant(after, "client", "en");
        robot(robot, otherConstructor, before, "site-r", "retail");
        List<Map<String, Object>> events = new ArrayList<>();
        uses(events, robot, current, "store_map", "success", 3);
        send(events);
        String beforeToken = TestTokens.token(before, TenantType.CLIENT, Role.ADMIN);
        assertThat(list(facts(beforeToken, "feature_adoption_report", null).get("features")))
                .extracting(f -> f.get("uses"))
                .containsExactly(3);

        robot(robot, otherConstructor, after, "site-r", "retail"); // reassigned now
        String afterToken = TestTokens.token(after, TenantType.CLIENT, Role.ADMIN);
        assertThat(list(facts(afterToken, "feature_adoption_report", null).get("features")))
                .isEmpty();
        assertThat(
                        list(
                                facts(
                                                TestTokens.constructorAdmin(otherConstructor),
                                                "feature_adoption_report",
                                                null)
                                        .get("features")))
                .anyMatch(
                        f ->
                                "store_map".equals(f.get("feature"))
                                        && Integer.valueOf(3).equals(f.get("uses")));
    }

    @Test
    void journeysGiveTopPathsAndTheDropOffStep() {
        Map<String, Object> facts = facts(alphaToken, "user_journey_analysis", null);
        Map<String, Object> sessions = map(facts.get("sessions"));
        assertThat(sessions.get("sessions")).isEqualTo(4);
        assertThat(sessions.get("ended")).isEqualTo(3);
        assertThat(sessions.get("dropped")).isEqualTo(1);
        assertThat(sessions.get("drop_rate_pct")).isEqualTo(25.0);
        Map<String, Object> top = list(facts.get("top_paths")).get(0);
        assertThat(top.get("path")).isEqualTo("welcome > menu > feature:video_call > goodbye");
        assertThat(top.get("sessions")).isEqualTo(2);
        assertThat(top.get("share_pct")).isEqualTo(50.0);
        Map<String, Object> drop = list(facts.get("drop_off_steps")).get(0);
        assertThat(drop.get("step")).isEqualTo("menu");
        assertThat(drop.get("dropped_here")).isEqualTo(1);
    }

    @Test
    void environmentsAreComparedAcrossTheConstructorsClients() {
        Map<String, Object> facts = facts(constructorToken, "cross_environment_comparison", null);
        List<Map<String, Object>> environments = list(facts.get("environments"));
        Map<String, Object> ehpad = environments.get(0);
        Map<String, Object> school = environments.get(2);
        assertThat(environments.get(1).get("environment")).isEqualTo("hospital");
        assertThat(ehpad.get("environment")).isEqualTo("ehpad");
        assertThat(ehpad.get("robots")).isEqualTo(2);
        assertThat(ehpad.get("uses")).isEqualTo(25);
        assertThat(ehpad.get("success_rate_pct")).isEqualTo(76.0);
        assertThat(ehpad.get("errors")).isEqualTo(3);
        assertThat(school.get("success_rate_pct")).isEqualTo(100.0);
        assertThat(map(facts.get("fleet")).get("success_rate_pct")).isEqualTo(89.1);
        assertThat(ehpad.get("success_rate_vs_fleet_points")).isEqualTo(-13.1);
        assertThat(facts.get("best_environment")).isEqualTo("school");
        assertThat(facts.get("worst_environment")).isEqualTo("ehpad");
        assertThat(facts.get("severity")).isEqualTo("warning");
    }

    @Test
    void fleetHealthSaysWhoIsOnlineTheWorstRobotAndFailingComponents() {
        Map<String, Object> facts = facts(alphaToken, "fleet_health", null);
        assertThat(map(facts.get("robots")))
                .containsEntry("robots", 2)
                .containsEntry("online", 1)
                .containsEntry("offline", 1);
        assertThat(map(facts.get("health")).get("average_score")).isEqualTo(65.0);
        assertThat(list(facts.get("worst_robots")).get(0).get("robot_id")).isEqualTo(a1);
        Map<String, Object> wifi = list(facts.get("top_failing_components")).get(0);
        assertThat(wifi)
                .containsEntry("component", "wifi")
                .containsEntry("errors", 3)
                .containsEntry("critical", 1)
                .containsEntry("errors_previous_period", 1)
                .containsEntry("change_pct", 200.0);
        assertThat(facts.get("severity")).isEqualTo("critical");
        assertThat(facts).doesNotContainKey("by_client");

        Map<String, Object> constructorView = facts(constructorToken, "fleet_health", null);
        assertThat(list(constructorView.get("by_client")))
                .extracting(c -> c.get("client_id"))
                .containsExactlyInAnyOrder(alpha, beta, gamma);
    }

    @Test
    void predictiveMaintenanceRanksRobotsByRiskWithDrivers() {
        Map<String, Object> facts = facts(alphaToken, "predictive_maintenance", null);
        List<Map<String, Object>> ranked = list(facts.get("ranked_robots"));
        assertThat(ranked).extracting(r -> r.get("robot_id")).containsExactly(a1, a2);
        assertThat(ranked.get(0).get("probability_pct")).isEqualTo(90.0);
        assertThat(list(ranked.get(0).get("drivers")).get(0))
                .containsEntry("metric", "battery_health_pct")
                .containsEntry("value", 74.3)
                .containsEntry("trend_per_day", -1.5);
        assertThat(facts.get("severity")).isEqualTo("critical");
    }

    @Test
    void dailyDigestSummarisesOneRobotsLastDay() {
        Map<String, Object> facts = facts(gammaToken, "daily_digest", g1);
        Map<String, Object> usage = map(facts.get("usage"));
        assertThat(usage.get("sessions")).isEqualTo(3);
        assertThat(usage.get("feature_uses")).isEqualTo(15);
        assertThat(usage.get("success_rate_pct")).isEqualTo(86.7);
        assertThat(map(facts.get("errors"))).containsEntry("total", 3).containsEntry("critical", 1);
        assertThat(map(map(facts.get("telemetry")).get("battery_pct")))
                .containsEntry("min", 60.0)
                .containsEntry("mean", 70.0)
                .containsEntry("max", 80.0);
        assertThat(map(facts.get("presence")).get("online")).isEqualTo(true);
        assertThat(facts.get("severity")).isEqualTo("critical");
    }

    @Test
    void robotAnomalyComparesTheRobotWithItsOwnBaseline() {
        Map<String, Object> facts = facts(gammaToken, "robot_anomaly", g1);
        List<Map<String, Object>> anomalies = list(facts.get("anomalies"));
        Map<String, Object> motor =
                anomalies.stream()
                        .filter(a -> "motor_temp_c".equals(a.get("signal")))
                        .findFirst()
                        .orElseThrow();
        assertThat(motor)
                .containsEntry("recent_mean", 70.0)
                .containsEntry("baseline_median", 40.0)
                .containsEntry("score", 37.5)
                .containsEntry("severity", "critical");
        assertThat(anomalies).anyMatch(a -> "errors:wifi".equals(a.get("signal")));
        assertThat(facts.get("severity")).isEqualTo("critical");
    }

    @Test
    void aClientSeesOnlyItsOwnRobotsInTheFacts() {
        Map<String, Object> facts =
                facts(
                        TestTokens.token(beta, TenantType.CLIENT, Role.ADMIN),
                        "feature_adoption_report",
                        null);
        assertThat(list(facts.get("features")))
                .extracting(f -> f.get("feature"))
                .containsExactly("quiz");
        assertThat(facts.get("robots")).isEqualTo(1);
    }
}
