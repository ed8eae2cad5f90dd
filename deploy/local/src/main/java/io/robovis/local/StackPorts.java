package io.robovis.local;

import java.util.LinkedHashMap;
import java.util.Map;

/** The ports of a local stack; the defaults are the documented ones. */
public record StackPorts(
        int gateway,
        int robot,
        int insight,
        int webhook,
        int kafka,
        int kafkaController,
        int postgres) {

    public static StackPorts defaults() {
        return new StackPorts(8080, 8081, 8082, 8083, 9092, 9093, 5433);
    }

    /** Each port with what uses it, in start order. */
    Map<String, Integer> byOwner() {
        Map<String, Integer> owners = new LinkedHashMap<>();
        owners.put("PostgreSQL", postgres);
        owners.put("Kafka broker", kafka);
        owners.put("Kafka controller", kafkaController);
        owners.put("robot-service", robot);
        owners.put("insight-service", insight);
        owners.put("webhook-service", webhook);
        owners.put("api-gateway", gateway);
        return owners;
    }
}
