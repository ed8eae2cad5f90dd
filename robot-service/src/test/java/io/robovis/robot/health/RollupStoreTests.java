package io.robovis.robot.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.robovis.common.health.HourlyRollup.Stat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The scorer's hand-read metrics agree with a JSON parser on what PostgreSQL prints. */
class RollupStoreTests {

    private final RollupStore store = new RollupStore(null, JsonMapper.builder().build());

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
        };
        for (String text : printed) {
            Map<String, Stat> byHand = store.metrics(text);
            assertThat(byHand).as(text).isEqualTo(store.parsedMetrics(text));
        }
        assertThat(store.metrics(printed[2]))
                .containsEntry("wifi_rssi_dbm", new Stat(12, -672, -60.25, -52))
                .hasSize(2);
    }
}
