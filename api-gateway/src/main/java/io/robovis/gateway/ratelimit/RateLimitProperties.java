package io.robovis.gateway.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-tenant request budget at the gateway (a token bucket per tenant and gateway instance).
 *
 * @param requestsPerSecond sustained requests per second per tenant
 * @param burst how many requests a tenant may send at once above the sustained rate
 */
@ConfigurationProperties("robovis.rate-limit")
record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("500") int requestsPerSecond,
        @DefaultValue("1000") int burst) {}
