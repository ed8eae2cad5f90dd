package io.robovis.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class CloudEventHeadersTests {

    static final long NOW = 1_744_000_000_000L;

    @Test
    void aNewRecordGetsEachHeaderOnce() {
        Headers headers =
                CloudEventHeaders.add(
                        new RecordHeaders(),
                        "7f0c2b1e-8a52-4c4a-9f5e-0b8f3f7f0a11",
                        "robovis.robot-event.heartbeat",
                        "robovis/robot-service/ingest",
                        Instant.ofEpochMilli(NOW),
                        "BDY-042");
        assertThat(headers.toArray()).hasSize(7);
        assertThat(CloudEventHeaders.get(headers, CloudEventHeaders.SPECVERSION)).isEqualTo("1.0");
        assertThat(CloudEventHeaders.get(headers, CloudEventHeaders.TYPE))
                .isEqualTo("robovis.robot-event.heartbeat");
        assertThat(CloudEventHeaders.get(headers, CloudEventHeaders.TIME))
                .isEqualTo("2025-04-07T04:26:40Z");
        assertThat(CloudEventHeaders.get(headers, CloudEventHeaders.SUBJECT)).isEqualTo("BDY-042");
        assertThat(CloudEventHeaders.get(headers, CloudEventHeaders.CONTENT_TYPE))
                .isEqualTo("application/json");
    }

    @Test
    void receivedTimeIsReadFromItsHeaderAndNeverLaterThanNow() {
        assertThat(CloudEventHeaders.receivedMs(received(String.valueOf(NOW - 5)), NOW))
                .isEqualTo(NOW - 5);
        assertThat(CloudEventHeaders.receivedMs(received(String.valueOf(NOW + 5)), NOW))
                .isEqualTo(NOW);
    }

    @Test
    void aMissingOrUnreadableReceivedTimeMeansNow() {
        assertThat(CloudEventHeaders.receivedMs(new RecordHeaders(), NOW)).isEqualTo(NOW);
        assertThat(CloudEventHeaders.receivedMs(received("17440000x0000"), NOW)).isEqualTo(NOW);
        assertThat(CloudEventHeaders.receivedMs(received("-5"), NOW)).isEqualTo(NOW);
        assertThat(CloudEventHeaders.receivedMs(received(""), NOW)).isEqualTo(NOW);
        assertThat(CloudEventHeaders.receivedMs(received("9".repeat(30)), NOW)).isEqualTo(NOW);
    }

    private static Headers received(String value) {
        Headers headers = new RecordHeaders();
        headers.add(CloudEventHeaders.RECEIVED_MS, value.getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}
