package io.robovis.common.events;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * A listener that throws before it has a result (a bug) is retried with backoff for as long as it
 * takes, never skipped. Batches whose asynchronous write fails are retried by the listener itself
 * ({@link KafkaRetry}): Spring Kafka acknowledges those without asking this handler. Invalid
 * records never get here; each listener sets them aside itself. Imported by the services that
 * consume.
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
