package io.robovis.common.events;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/** Creates the registry's topics at start-up when they are missing (idempotent). */
@Configuration(proxyBeanMethods = false)
public class KafkaTopicsConfiguration {

    @Bean
    KafkaAdmin.NewTopics robovisTopics() {
        return new KafkaAdmin.NewTopics(
                Topics.ALL.stream()
                        .map(
                                topic ->
                                        TopicBuilder.name(topic.name())
                                                .partitions(topic.partitions())
                                                .configs(Topics.config(topic))
                                                .build())
                        .toArray(NewTopic[]::new));
    }
}
