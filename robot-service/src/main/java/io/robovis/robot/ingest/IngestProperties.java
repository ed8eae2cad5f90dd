package io.robovis.robot.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxEvents events per request
 * @param maxBody bytes per request
 * @param kafkaTimeout how long a request waits for Kafka's acknowledgement before answering 503
 */
@ConfigurationProperties("robovis.ingest")
record IngestProperties(
        @DefaultValue("5000") int maxEvents,
        @DefaultValue("5MB") DataSize maxBody,
        @DefaultValue("5s") Duration kafkaTimeout) {}
