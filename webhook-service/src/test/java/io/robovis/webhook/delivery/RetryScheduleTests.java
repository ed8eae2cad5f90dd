package io.robovis.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryScheduleTests {

    static final Instant NOW = Instant.parse("2026-04-08T14:30:00Z");
    static final List<Duration> DELAYS = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5));

    @Test
    void jitterStaysWithinTwentyPercentEitherWay() {
        assertThat(new RetrySchedule(DELAYS, Duration.ofHours(1), () -> 0.0).next(1, NOW, null))
                .isEqualTo(NOW.plus(Duration.ofMinutes(4)));
        assertThat(new RetrySchedule(DELAYS, Duration.ofHours(1), () -> 1.0).next(1, NOW, null))
                .isEqualTo(NOW.plus(Duration.ofMinutes(6)));
        assertThat(new RetrySchedule(DELAYS, Duration.ofHours(1), () -> 0.5).next(0, NOW, null))
                .isEqualTo(NOW.plusSeconds(5));
    }

    @Test
    void afterTheLastDelayThereIsNoRetry() {
        assertThat(new RetrySchedule(DELAYS, Duration.ofHours(1)).next(2, NOW, null)).isNull();
        assertThat(new RetrySchedule(DELAYS, Duration.ofHours(1)).next(2, NOW, "10")).isNull();
    }

    @Test
    void retryAfterInSecondsOrAsADateReplacesTheDelayUpToTheCap() {
        RetrySchedule schedule = new RetrySchedule(DELAYS, Duration.ofHours(1), () -> 0.5);
        assertThat(schedule.next(0, NOW, "120")).isEqualTo(NOW.plusSeconds(120));
        assertThat(schedule.next(0, NOW, "Wed, 08 Apr 2026 14:40:00 GMT"))
                .isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(schedule.next(0, NOW, "86400")).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(schedule.next(0, NOW, "soon")).isEqualTo(NOW.plusSeconds(5));
        assertThat(schedule.next(0, NOW, "-3")).isEqualTo(NOW.plusSeconds(5));
    }
}
