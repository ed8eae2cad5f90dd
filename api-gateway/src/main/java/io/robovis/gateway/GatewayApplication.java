package io.robovis.gateway;

import io.robovis.common.events.KafkaErrorHandling;
import io.robovis.common.events.KafkaTopicsConfiguration;
import io.robovis.common.outbox.OutboxConfiguration;
import io.robovis.common.security.RobovisServiceConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** The edge of RoboVis: routes /v1/** to the services, and owns identity and tenant settings. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({
    RobovisServiceConfiguration.class,
    KafkaTopicsConfiguration.class,
    KafkaErrorHandling.class,
    OutboxConfiguration.class
})
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }
}
