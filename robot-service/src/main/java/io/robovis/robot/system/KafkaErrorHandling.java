package io.robovis.robot.system;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * A batch that cannot be written (the database is away) is retried with backoff for as long as it
 * takes, never skipped: offsets move only once the batch is stored. Invalid records never get here;
 * they go to the rejected topic.
 */
@Configuration(proxyBeanMethods = false)
class KafkaErrorHandling {

    @Bean
    CommonErrorHandler kafkaErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return new DefaultErrorHandler(backOff);
    }
}
