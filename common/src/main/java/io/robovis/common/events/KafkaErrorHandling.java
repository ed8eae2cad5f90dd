package io.robovis.common.events;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * A listener batch that cannot be written (the database is away) is retried with backoff for as
 * long as it takes, never skipped: offsets move only once the batch is stored. Invalid records
 * never get here; each listener sets them aside itself. Imported by the services that consume.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaErrorHandling {

    @Bean
    public CommonErrorHandler kafkaErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return new DefaultErrorHandler(backOff);
    }
}
