package io.robovis.webhook;

import io.robovis.common.events.KafkaErrorHandling;
import io.robovis.common.events.KafkaTopicsConfiguration;
import io.robovis.common.security.RobovisServiceConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** Durable, signed, retried fan-out of platform events to tenant webhooks. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({
    RobovisServiceConfiguration.class,
    KafkaTopicsConfiguration.class,
    KafkaErrorHandling.class
})
public class WebhookServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(WebhookServiceApplication.class, args);
    }
}
