package io.robovis.common.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.robovis.common.health.HourlyRollup.ErrorCount;
import io.robovis.common.health.HourlyRollup.Stat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Rollup text read by hand agrees with a JSON parser, and what it writes reads back the same. */
class RollupJsonTests {

    private final JsonMapper json = JsonMapper.builder().build();
    private final RollupJson text = new RollupJson(json);

    @Test
    void readsJsonbTextAsTheJsonParserDoes() {
        String[] printed = {
            "{}",
            "{\"cpu_temp_c\": [6, 300.5, 45, 58.123456789]}",
            "{\"battery_health_pct\": [12, 1128.0000000000002, 93.9, 94.1], "
                    + "\"wifi_rssi_dbm\": [12, -672, -60.25, -52]}",
            "{\"a,b[c]\": [1, 2, 2, 2], \"x\": [3, 0.000001, -0.0000005, 0.0000007]}",
            "{\"odd\\\"name\": [1, 1e3, 1000, 1000]}",
            "{\"spaced\":[ 2 , 4.5 ,1,3.5 ]}",
            "{\"odometer_m\":[60,5.1E9,80000.0,1.7976931348623157E308]}",
        };
        for (String t : printed) {
            assertThat(text.metrics(t)).as(t).isEqualTo(text.parsedMetrics(t));
        }
        assertThat(text.metrics(printed[2]))
                .containsEntry("wifi_rssi_dbm", new Stat(12, -672, -60.25, -52))
                .hasSize(2);
    }

    @Test
    void writtenMetricsAndErrorsReadBackUnchanged() {
        Map<String, Stat> metrics = new LinkedHashMap<>();
        metrics.put("motor_temp_c", new Stat(3, 240.5, 70, 90.25));
        metrics.put("odometer_m", new Stat(60, 5.1e9, 80_000, 90_000));
        metrics.put("tiny", new Stat(1, 1e-7, 1e-7, 1e-7));
        metrics.put("a \"quoted\" \\ name", new Stat(1, -1, -1, -1));
        metrics.put("température", new Stat(2, 41, 20, 21));
        String written = text.metricsText(metrics);

        assertThat(json.readTree(written).isObject()).isTrue();
        assertThat(text.metrics(written)).isEqualTo(metrics);
        assertThat(text.metricsText(Map.of())).isEqualTo("{}");

        Map<String, ErrorCount> errors =
                Map.of("lidar", new ErrorCount(4, 1), "x\"y", new ErrorCount(1, 0));
        assertThat(text.errors(text.errorsText(errors))).isEqualTo(errors);
        assertThat(text.errors(text.errorsText(Map.of()))).isEmpty();
    }

    @Test
    void aSumBeyondTheDoubleRangeIsWrittenAsValidJson() {
        Stat huge = new Stat(1, 1.5e308, 1.5e308, 1.5e308);
        Stat overflowed = huge.plus(huge);
        assertThat(overflowed.sum()).isInfinite();

        String written = text.metricsText(Map.of("m", overflowed));

        assertThat(json.readTree(written).get("m").get(1).asDouble()).isEqualTo(Double.MAX_VALUE);
        assertThat(text.metrics(written).get("m"))
                .isEqualTo(new Stat(2, Double.MAX_VALUE, 1.5e308, 1.5e308));
    }

    @Test
    void aValueStoredAsAStringIsReadAsANumber() {
        // as Jackson wrote an overflowed sum before metricsText, and jsonb kept it
        assertThat(
                        text.metrics(
                                "{\"m\": [2, \"Infinity\", 1.5e308, 1.7e308], \"n\": [1, 2, 2, 2]}"))
                .containsEntry("m", new Stat(2, Double.MAX_VALUE, 1.5e308, 1.7e308))
                .containsEntry("n", new Stat(1, 2, 2, 2));
    }
}
