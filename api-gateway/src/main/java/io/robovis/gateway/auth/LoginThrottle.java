package io.robovis.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Counts failed logins per username and per client address in a fixed window; once either reaches
 * its limit, logins for it are refused until the window ends. In memory, per gateway instance: a
 * brute-force attempt spread over several instances gets at most the limit per instance.
 */
@Component
class LoginThrottle {

    private final Map<String, Window> failures = new ConcurrentHashMap<>();
    private final LoginThrottleProperties properties;
    private final Clock clock;

    LoginThrottle(LoginThrottleProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** How long the caller must wait, or {@link Duration#ZERO} when it may try. */
    Duration retryAfter(String username, String address) {
        long now = clock.millis();
        long wait =
                Math.max(
                        blockedFor(userKey(username), properties.maxFailuresPerUser(), now),
                        blockedFor(addressKey(address), properties.maxFailuresPerAddress(), now));
        return Duration.ofMillis(wait);
    }

    void recordFailure(String username, String address) {
        long now = clock.millis();
        increment(userKey(username), now);
        increment(addressKey(address), now);
        if (failures.size() > 100_000) {
            failures.values().removeIf(w -> w.endsAt() <= now);
        }
    }

    void recordSuccess(String username) {
        failures.remove(userKey(username));
    }

    private long blockedFor(String key, int limit, long now) {
        Window window = failures.get(key);
        if (window == null || window.endsAt() <= now || window.count() < limit) {
            return 0;
        }
        return window.endsAt() - now;
    }

    private void increment(String key, long now) {
        failures.compute(
                key,
                (k, w) ->
                        w == null || w.endsAt() <= now
                                ? new Window(1, now + properties.window().toMillis())
                                : new Window(w.count() + 1, w.endsAt()));
    }

    private static String userKey(String username) {
        return "user:" + username.toLowerCase(Locale.ROOT);
    }

    private static String addressKey(String address) {
        return "addr:" + address;
    }

    private record Window(int count, long endsAt) {}
}
