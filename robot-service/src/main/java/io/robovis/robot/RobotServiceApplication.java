package io.robovis.robot;

import io.robovis.common.events.EventReader;
import io.robovis.common.events.KafkaErrorHandling;
import io.robovis.common.events.KafkaTopicsConfiguration;
import io.robovis.common.outbox.OutboxConfiguration;
import io.robovis.common.security.RobovisServiceConfiguration;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.json.JsonMapper;

/** Robot registry, event ingestion, activity timeline, presence, fleet health and predictions. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({
    RobovisServiceConfiguration.class,
    KafkaTopicsConfiguration.class,
    KafkaErrorHandling.class,
    OutboxConfiguration.class
})
public class RobotServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(RobotServiceApplication.class, args);
    }

    @Bean
    EventReader eventReader(JsonMapper json, Clock clock) {
        return new EventReader(json, clock);
    }
}
