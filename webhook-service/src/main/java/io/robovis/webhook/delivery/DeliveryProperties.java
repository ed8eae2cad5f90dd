package io.robovis.webhook.delivery;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How deliveries are made (README, "Configuration").
 *
 * @param allowedCidrs ranges the SSRF guard lets deliveries connect to despite being loopback,
 *     link-local or private ({@code ROBOVIS_WEBHOOK_ALLOWED_CIDRS})
 * @param timeout the whole request, connect to last byte of the answer
 * @param maxConcurrencyPerEndpoint requests in flight to one webhook, per instance
 * @param maxQueuedPerEndpoint deliveries one webhook may hold in memory; more stay in the database
 *     until the endpoint catches up
 * @param lease how long a claimed delivery belongs to the instance that claimed it
 * @param pollInterval how often due deliveries (retries, leftovers of a stopped instance) are
 *     claimed
 * @param retrySchedule delays before the second, third… attempt (each ±20% jitter); after the last
 *     one the delivery has failed
 * @param maxRetryAfter the longest {@code Retry-After} a receiver may ask for
 * @param disableAfter a webhook whose deliveries fail for this long without one success is disabled
 * @param responseBodyLimit bytes of a receiver's answer kept in the delivery log
 * @param logRetention how long finished deliveries stay in the log
 */
@ConfigurationProperties("robovis.webhook")
public record DeliveryProperties(
        @DefaultValue("") List<String> allowedCidrs,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("16") int maxConcurrencyPerEndpoint,
        @DefaultValue("2000") int maxQueuedPerEndpoint,
        @DefaultValue("60s") Duration lease,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue({"5s", "5m", "30m", "2h", "5h", "10h", "10h"}) List<Duration> retrySchedule,
        @DefaultValue("24h") Duration maxRetryAfter,
        @DefaultValue("5d") Duration disableAfter,
        @DefaultValue("1024") int responseBodyLimit,
        @DefaultValue("30d") Duration logRetention) {}
