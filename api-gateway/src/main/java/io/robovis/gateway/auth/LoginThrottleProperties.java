package io.robovis.gateway.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxFailuresPerUser failed logins for one username before it is throttled
 * @param maxFailuresPerAddress failed logins from one client address before it is throttled
 * @param window how long failures are counted, and how long a throttle lasts at most
 */
@ConfigurationProperties("robovis.login-throttle")
record LoginThrottleProperties(
        @DefaultValue("5") int maxFailuresPerUser,
        @DefaultValue("20") int maxFailuresPerAddress,
        @DefaultValue("15m") Duration window) {}
