package io.robovis.insight.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The buckets of a window cover each period exactly once: every hour of [prev, to) falls in one day
 * range or one hour range, never both, and no day range straddles {@code from}.
 */
class BucketsTests {

    static final long HOUR = 3_600_000L;
    static final long DAY = Window.DAY_MS;

    @ParameterizedTest
    @CsvSource({
        // from (hours after a midnight), length (hours)
        "0, 168",
        "13, 168",
        "13, 5",
        "23, 25",
        "1, 48",
        "0, 24"
    })
    void everyHourIsCountedOnceInItsPeriod(long fromHour, long lengthHours) {
        long from = 20_000 * DAY + fromHour * HOUR;
        Window window = new Window(from, from + lengthHours * HOUR);
        Map<String, Object> b = Queries.buckets(window, true);
        for (long hour = window.previousFromMs(); hour < window.toMs(); hour += HOUR) {
            long day = hour - Math.floorMod(hour, DAY);
            int byDay = 0;
            for (int p = 1; p <= 2; p++) {
                long a = (long) b.get("da" + p);
                long z = (long) b.get("db" + p);
                if (day >= a && day < z) {
                    byDay++;
                    // the whole day lies in one period
                    boolean current = day >= from;
                    assertThat(day + DAY <= from || current).isTrue();
                    assertThat(p == 2).isEqualTo(current);
                }
            }
            int byHour = 0;
            for (int r = 1; r <= 4; r++) {
                if (hour >= (long) b.get("ha" + r) && hour < (long) b.get("hb" + r)) {
                    byHour++;
                }
            }
            assertThat(byDay + byHour)
                    .as("hour %d", (hour - window.previousFromMs()) / HOUR)
                    .isEqualTo(1);
        }
        assertThat(b.get("ha1")).isEqualTo(window.previousFromMs());
        assertThat(b.get("hb4")).isEqualTo(window.toMs());
    }
}
