package io.robovis.common.outbox;

import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The transactional outbox of a service that owns a database: {@link Outbox} to append records in
 * the transaction of a change, and the relay that publishes them. The service's schema needs the
 * {@code outbox} table (see robot-service's V2 migration). Imported by the services that publish.
 */
@Configuration(proxyBeanMethods = false)
public class OutboxConfiguration {

    @Bean
    public Outbox outbox(DatabaseClient db) {
        return new Outbox(db);
    }

    @Bean
    OutboxRelay outboxRelay(
            DatabaseClient db,
            TransactionalOperator transaction,
            KafkaTemplate<String, byte[]> kafka,
            Clock clock,
            @Value("${spring.application.name}") String service,
            @Value("${robovis.outbox.poll-interval:200ms}") Duration interval) {
        return new OutboxRelay(db, transaction, kafka, clock, service, interval);
    }
}
