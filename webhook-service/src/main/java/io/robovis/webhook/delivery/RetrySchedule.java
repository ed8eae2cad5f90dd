package io.robovis.webhook.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: the configured delays (by default 5 s, 5 min, 30 min, 2 h,
 * 5 h, 10 h, 10 h) with ±20% jitter, so that receivers coming back are not hit by every retry at
 * once; a receiver's {@code Retry-After} (seconds or an HTTP date) replaces the delay, capped.
 */
final class RetrySchedule {

    static final double JITTER = 0.2;

    private final List<Duration> delays;
    private final Duration maxRetryAfter;
    private final DoubleSupplier random;

    RetrySchedule(List<Duration> delays, Duration maxRetryAfter) {
        this(delays, maxRetryAfter, () -> ThreadLocalRandom.current().nextDouble());
    }

    RetrySchedule(List<Duration> delays, Duration maxRetryAfter, DoubleSupplier random) {
        this.delays = List.copyOf(delays);
        this.maxRetryAfter = maxRetryAfter;
        this.random = random;
    }

    /** How many retries follow the first attempt. */
    int retries() {
        return delays.size();
    }

    /**
     * The next attempt after the failure of retry step {@code step} (0 for the first attempt), or
     * null when the delivery has no retry left.
     */
    Instant next(int step, Instant now, String retryAfter) {
        if (step >= delays.size()) {
            return null;
        }
        Duration asked = retryAfter == null ? null : parseRetryAfter(retryAfter, now);
        if (asked != null) {
            return now.plus(asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked);
        }
        long base = delays.get(step).toMillis();
        double factor = 1 + JITTER * (2 * random.getAsDouble() - 1);
        return now.plusMillis(Math.round(base * factor));
    }

    /** {@code Retry-After} as delay-seconds or an HTTP date; null when unreadable. */
    static Duration parseRetryAfter(String value, Instant now) {
        String text = value.trim();
        try {
            long seconds = Long.parseLong(text);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at =
                        ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return at.isBefore(now) ? Duration.ZERO : Duration.between(now, at);
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
