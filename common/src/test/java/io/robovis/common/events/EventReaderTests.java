package io.robovis.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.robovis.common.events.EventReader.Read;
import io.robovis.common.events.EventReader.Rejection;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/** The event schema of docs/events.md, rule by rule, and the fields a valid event carries. */
class EventReaderTests {

    static final long NOW = 1_744_000_000_000L;
    static final JsonMapper JSON = JsonMapper.builder().build();
    final EventReader reader =
            new EventReader(JSON, Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

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

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // UUID.fromString takes a sign; PostgreSQL's uuid does not
                "'{\"event_id\":\"+f0c2b1e-8a52-4c4a-9f5e-0b8f3f7f0a11\",\"robot_id\":\"R\",\"ts_ms\":1744000000000,\"type\":\"heartbeat\"}' | invalid_field",
                "'{\"event_id\":\"7f0c2b1e-8a52-4c4a-9f5e-0b8f3f7f0a11\",\"robot_id\":\".R\",\"ts_ms\":1744000000000,\"type\":\"heartbeat\"}' | invalid_field",
                "'{\"event_id\":\"7f0c2b1e-8a52-4c4a-9f5e-0b8f3f7f0a11\",\"robot_id\":\"R/1\",\"ts_ms\":1744000000000,\"type\":\"heartbeat\"}' | invalid_field",
                "'{\"event_id\":\"7f0c2b1e-8a52-4c4a-9f5e-0b8f3f7f0a11\",\"robot_id\":42,\"ts_ms\":1744000000000,\"type\":\"heartbeat\"}' | missing_field",
                "'{BASE,\"type\":\"heartbeat\",\"ts_ms\":1744000000000.5}' | invalid_field",
                "'{\"event_id\":\"7f0c2b1e-8a52-4c4a-9f5e-0b8f3f7f0a11\",\"robot_id\":\"R\",\"ts_ms\":17440000000000000000000,\"type\":\"heartbeat\"}' | invalid_field",
                "'{\"event_id\":\"7f0c2b1e-8a52-4c4a-9f5e-0b8f3f7f0a11\",\"robot_id\":\"R\",\"ts_ms\":null,\"type\":\"heartbeat\"}' | missing_field",
                "'{BASE,\"type\":\"telemetry\",\"metrics\":{}}' | missing_field",
                "'{BASE,\"type\":\"telemetry\",\"metrics\":{\"t\":1e400}}' | invalid_field",
                "'{BASE,\"type\":\"telemetry\",\"metrics\":{\"t\":{\"x\":1}}}' | invalid_field",
                "'{BASE,\"type\":\"feature_used\",\"feature\":\"quiz\",\"outcome\":\"success\",\"duration_ms\":-1}' | invalid_field",
                "'{BASE,\"type\":\"feature_used\",\"feature\":\"quiz\",\"outcome\":\"success\",\"duration_ms\":1.5}' | invalid_field",
                "'{BASE,\"type\":\"feature_used\",\"feature\":\"  \",\"outcome\":\"success\"}' | missing_field",
                "'{BASE,\"type\":\"error\",\"error\":\"E1\"}' | missing_field",
                "'{BASE,\"type\":\"heartbeat\",\"attrs\":{\"a\\u0000\":1}}' | invalid_field",
                "'[1, 2]' | invalid_event",
                "'{BASE,\"type\":\"heartbeat\"} {}' | invalid_json",
                "'{BASE,\"type\":' | invalid_json"
            })
    void malformedValuesAreRejectedWithTheirCode(String event, String code) {
        Rejection rejection = check(event.replace("{BASE", "{" + BASE));
        assertThat(rejection).isNotNull();
        assertThat(rejection.code()).isEqualTo(code);
    }

    @Test
    void theReasonNamesTheFirstRuleBroken() {
        assertThat(
                        check("{" + BASE + ",\"type\":\"telemetry\",\"metrics\":{\"t\":\"hot\"}}")
                                .detail())
                .isEqualTo("metrics.t must be a number");
        assertThat(
                        check("{" + BASE + ",\"type\":\"telemetry\",\"metrics\":{\"t\":1e400}}")
                                .detail())
                .isEqualTo("metrics.t must be finite");
        assertThat(
                        check(
                                        "{"
                                                + BASE
                                                + ",\"type\":\"error\",\"error\":{\"code\":\"E1\",\"severity\":\"info\"}}")
                                .detail())
                .isEqualTo("error.component is required");
        // the type is checked before the size of the other fields
        assertThat(
                        check(
                                        "{"
                                                + BASE
                                                + ",\"type\":\"teleport\",\"attrs\":\""
                                                + "x".repeat(900)
                                                + "\"}")
                                .code())
                .isEqualTo("unknown_type");
        assertThat(
                        check(
                                        "{"
                                                + BASE
                                                + ",\"type\":\"heartbeat\",\"attrs\":\""
                                                + "x".repeat(900)
                                                + "\"}")
                                .detail())
                .isEqualTo("attrs is too large or holds a NUL");
    }

    @Test
    void aValidEventCarriesItsFieldsAndItsBytesAsSent() {
        String text =
                "{"
                        + BASE
                        + ",\"type\":\"telemetry\",\"session_id\":\"s-1\","
                        + "\"metrics\": {\"battery_pct\": 87, \"motor_temp_c\": 41.5},"
                        + "\"attrs\":{\"nested\":[1,{\"deep\":true}]}}";
        Read read = reader.read(text.getBytes(StandardCharsets.UTF_8));
        RobotEvent event = read.event();
        assertThat(read.rejection()).isNull();
        assertThat(event.eventId()).isEqualTo("7f0c2b1e-8a52-4c4a-9f5e-0b8f3f7f0a11");
        assertThat(event.id()).isEqualTo(UUID.fromString(event.eventId()));
        assertThat(event.robotId()).isEqualTo("BDY-042");
        assertThat(event.tsMs()).isEqualTo(NOW);
        assertThat(event.type()).isEqualTo("telemetry");
        assertThat(event.sessionId()).isEqualTo("s-1");
        assertThat(event.metrics())
                .containsOnly(entry("battery_pct", 87.0), entry("motor_temp_c", 41.5));
        assertThat(event.metricsJson()).isEqualTo("{\"battery_pct\": 87, \"motor_temp_c\": 41.5}");
        assertThat(event.text()).isEqualTo(text);
        assertThat(event.durationMs()).isEqualTo(-1);
    }

    @Test
    void eventsOnlyCheckedHaveTheirMetricsCheckedNotRead() {
        String telemetry =
                "{" + BASE + ",\"type\":\"telemetry\",\"metrics\":{\"a\":1.5e3,\"b\":-2,\"c\":%s}}";
        Read checked = reader.check(telemetry.formatted("0.25").getBytes(StandardCharsets.UTF_8));
        assertThat(checked.event().metrics()).isEmpty();
        assertThat(checked.event().metricsJson()).isNull();
        assertThat(
                        reader.check(telemetry.formatted("-1e309").getBytes(StandardCharsets.UTF_8))
                                .rejection()
                                .detail())
                .isEqualTo("metrics.c must be finite");
        assertThat(
                        reader.check(
                                        telemetry
                                                .formatted("1" + "0".repeat(310))
                                                .getBytes(StandardCharsets.UTF_8))
                                .rejection()
                                .detail())
                .isEqualTo("metrics.c must be finite");
        assertThat(
                        reader.read(telemetry.formatted("0.25").getBytes(StandardCharsets.UTF_8))
                                .event()
                                .metrics())
                .containsOnly(entry("a", 1500.0), entry("b", -2.0), entry("c", 0.25));
    }

    @Test
    void featureUsesAndErrorsCarryWhatTheProjectionsCount() {
        RobotEvent use =
                reader.read(
                                ("{"
                                                + BASE
                                                + ",\"type\":\"feature_used\",\"feature\":\"quiz\","
                                                + "\"outcome\":\"failure\",\"duration_ms\":5400}")
                                        .getBytes(StandardCharsets.UTF_8))
                        .event();
        assertThat(use.feature()).isEqualTo("quiz");
        assertThat(use.outcome()).isEqualTo("failure");
        assertThat(use.durationMs()).isEqualTo(5400);
        assertThat(use.metrics()).isEmpty();
        RobotEvent error =
                reader.read(
                                ("{"
                                                + BASE
                                                + ",\"type\":\"error\",\"error\":{\"code\":\"E7\","
                                                + "\"component\":\"arm\",\"severity\":\"critical\",\"trace\":[1,2]}}")
                                        .getBytes(StandardCharsets.UTF_8))
                        .event();
        assertThat(error.errorComponent()).isEqualTo("arm");
        assertThat(error.isCriticalError()).isTrue();
    }

    @Test
    void eachElementOfAnArrayIsReadInTurnWithItsOwnBytes() throws Exception {
        String first = "{" + BASE + ",\"type\":\"heartbeat\"}";
        String second =
                "{\"event_id\":\"0b8f3f7f-8a52-4c4a-9f5e-7f0c2b1e0a11\",\"robot_id\":\"R2\",\"ts_ms\":"
                        + NOW
                        + ",\"type\":\"status\",\"state\":\"docked\"}";
        byte[] body =
                ("[ " + first + ", \"not an event\", {\"a\":[1]},\n" + second + "]")
                        .getBytes(StandardCharsets.UTF_8);
        List<Read> reads = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(body)) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_ARRAY);
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                reads.add(reader.check(parser, body));
            }
        }
        assertThat(reads).hasSize(4);
        assertThat(reads.get(0).event().text()).isEqualTo(first);
        assertThat(reads.get(1).rejection().code()).isEqualTo("invalid_event");
        assertThat(reads.get(2).rejection().code()).isEqualTo("missing_field");
        assertThat(reads.get(3).event().text()).isEqualTo(second);
        assertThat(reads.get(3).event().state()).isEqualTo("docked");
    }

    @Test
    void bytesThatAreNotUtf8AreRejectedWherePostgreSqlWouldRefuseThem() {
        byte[] prefix =
                ("{" + BASE + ",\"type\":\"heartbeat\",\"attrs\":{\"note\":\"")
                        .getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\"}}".getBytes(StandardCharsets.UTF_8);
        // an overlong '/': the parser reads it without complaint, PostgreSQL refuses it
        byte[] overlong = concat(prefix, new byte[] {(byte) 0xC0, (byte) 0xAF}, suffix);
        assertThat(reader.read(overlong).rejection())
                .isEqualTo(new Rejection("invalid_json", "the event is not UTF-8 JSON text"));
        assertThat(reader.check(overlong).rejection().code()).isEqualTo("invalid_json");
        // an encoded surrogate: the parser refuses it itself
        byte[] surrogate =
                concat(prefix, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, suffix);
        assertThat(reader.read(surrogate).rejection().code()).isEqualTo("invalid_json");
        // a byte order mark, and UTF-16: the parser reads both
        String event = "{" + BASE + ",\"type\":\"heartbeat\"}";
        byte[] bom =
                concat(
                        new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                        event.getBytes(StandardCharsets.UTF_8));
        assertThat(reader.read(bom).rejection().code()).isEqualTo("invalid_json");
        assertThat(reader.read(event.getBytes(StandardCharsets.UTF_16LE)).rejection().code())
                .isEqualTo("invalid_json");
        assertThat(reader.read(event.getBytes(StandardCharsets.UTF_16BE)).rejection().code())
                .isEqualTo("invalid_json");
        byte[] array = ("[" + event + "]").getBytes(StandardCharsets.UTF_16LE);
        try (JsonParser parser = JSON.createParser(array)) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_ARRAY);
            parser.nextToken();
            assertThat(reader.check(parser, array).rejection().code()).isEqualTo("invalid_json");
        }
        assertThat(reader.read(event.getBytes(StandardCharsets.UTF_8)).rejection()).isNull();
        byte[] accented = concat(prefix, "réglé ✓ 🤖".getBytes(StandardCharsets.UTF_8), suffix);
        assertThat(reader.read(accented).event().text()).contains("réglé ✓ 🤖");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private Rejection check(String event) {
        return reader.read(event.getBytes(StandardCharsets.UTF_8)).rejection();
    }
}
