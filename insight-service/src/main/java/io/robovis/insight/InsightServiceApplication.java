package io.robovis.insight;

import io.robovis.common.events.KafkaErrorHandling;
import io.robovis.common.events.KafkaTopicsConfiguration;
import io.robovis.common.outbox.OutboxConfiguration;
import io.robovis.common.security.RobovisServiceConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** Analytics projections, anomaly detection, grounded LLM insights and scheduled reports. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({
    RobovisServiceConfiguration.class,
    KafkaTopicsConfiguration.class,
    KafkaErrorHandling.class,
    OutboxConfiguration.class
})
public class InsightServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(InsightServiceApplication.class, args);
    }
}
