package io.robovis.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.robovis.common.events.EventValidator.Rejection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The event schema of docs/events.md, rule by rule. */
class EventValidatorTests {

    static final long NOW = 1_744_000_000_000L;
    static final JsonMapper JSON = JsonMapper.builder().build();
    final EventValidator validator =
            EventValidator.forTests(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    static final String BASE =
            "\"event_id\":\"7f0c2b1e-8a52-4c4a-9f5e-0b8f3f7f0a11\",\"robot_id\":\"BDY-042\",\"ts_ms\":"
                    + NOW;

    @Test
    void theContractsExampleIsValid() {
        assertThat(
                        check(
                                "{"
                                        + BASE
                                        + ",\"type\":\"feature_used\",\"session_id\":\"s-91\",\"feature\":\"video_call\","
                                        + "\"outcome\":\"failure\",\"duration_ms\":5400,\"step\":null,\"error\":null,\"metrics\":null,"
                                        + "\"attrs\":{\"app_version\":\"3.2.0\"}}"))
                .isNull();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "'{\"robot_id\":\"R\",\"ts_ms\":1744000000000,\"type\":\"heartbeat\"}' | missing_field",
                "'{\"event_id\":\"not-a-uuid\",\"robot_id\":\"R\",\"ts_ms\":1744000000000,\"type\":\"heartbeat\"}' | invalid_field",
                "'{BASE,\"type\":\"teleport\"}' | unknown_type",
                "'{BASE,\"type\":\"telemetry\"}' | missing_field",
                "'{BASE,\"type\":\"telemetry\",\"metrics\":{\"battery_pct\":\"full\"}}' | invalid_field",
                "'{BASE,\"type\":\"feature_used\",\"feature\":\"quiz\",\"outcome\":\"meh\"}' | invalid_field",
                "'{BASE,\"type\":\"error\",\"error\":{\"code\":\"E1\",\"component\":\"arm\"}}' | missing_field",
                "'{BASE,\"type\":\"error\",\"error\":{\"code\":\"E1\",\"component\":\"arm\",\"severity\":\"panic\"}}' | invalid_field",
                "'{BASE,\"type\":\"journey_step\",\"session_id\":\"s\"}' | missing_field",
                "'{BASE,\"type\":\"status\"}' | missing_field",
                "'{BASE,\"type\":\"heartbeat\",\"attrs\":{\"note\":\"a\\u0000b\"}}' | invalid_field"
            })
    void eachRuleRejectsWithItsCode(String event, String code) {
        Rejection rejection = check(event.replace("{BASE", "{" + BASE));
        assertThat(rejection).isNotNull();
        assertThat(rejection.code()).isEqualTo(code);
    }

    @Test
    void timestampsFromTheFutureOrBefore2000AreRejected() {
        String future =
                "{\"event_id\":\"7f0c2b1e-8a52-4c4a-9f5e-0b8f3f7f0a11\",\"robot_id\":\"R\",\"ts_ms\":"
                        + (NOW + 11 * 60_000)
                        + ",\"type\":\"heartbeat\"}";
        String ancient =
                "{\"event_id\":\"7f0c2b1e-8a52-4c4a-9f5e-0b8f3f7f0a11\",\"robot_id\":\"R\",\"ts_ms\":1000,\"type\":\"heartbeat\"}";
        assertThat(check(future).code()).isEqualTo("invalid_field");
        assertThat(check(ancient).code()).isEqualTo("invalid_field");
    }

    @Test
    void unknownMetricNamesAreKept() {
        assertThat(
                        check(
                                "{"
                                        + BASE
                                        + ",\"type\":\"telemetry\",\"metrics\":{\"gripper_force_n\":12.5}}"))
                .isNull();
    }

    @Test
    void oversizedAttributesAreRejected() {
        StringBuilder big = new StringBuilder("{" + BASE + ",\"type\":\"heartbeat\",\"attrs\":{");
        for (int i = 0; i < 600; i++) {
            big.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        assertThat(check(big.append("}}").toString()).code()).isEqualTo("invalid_field");
    }

    private Rejection check(String event) {
        JsonNode node = JSON.readTree(event);
        return validator.check(node);
    }
}
