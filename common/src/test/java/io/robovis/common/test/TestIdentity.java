package io.robovis.common.test;

import io.robovis.common.events.IngestKeyRecord;
import io.robovis.common.events.RevocationRecord;
import io.robovis.common.events.Topics;
import io.robovis.common.security.IngestKeyDirectory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/** What api-gateway publishes about identity, published by a test: revocations, ingest keys. */
public final class TestIdentity {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void revokeToken(String token) {
        RevocationRecord record =
                new RevocationRecord(
                        RevocationRecord.TOKEN,
                        TestTokens.tokenId(token),
                        null,
                        null,
                        null,
                        Instant.now().plus(Duration.ofHours(12)).toString(),
                        Instant.now().toString());
        send(Topics.REVOCATIONS.name(), record.key(), record);
    }

    public static void revokeUser(String subject, long minEpoch) {
        RevocationRecord record =
                new RevocationRecord(
                        RevocationRecord.USER,
                        null,
                        subject,
                        null,
                        minEpoch,
                        Instant.now().plus(Duration.ofHours(12)).toString(),
                        Instant.now().toString());
        send(Topics.REVOCATIONS.name(), record.key(), record);
    }

    /** Publishes a live key of the constructor and returns its secret. */
    public static String publishKey(
            String keyId, String constructor, List<String> robots, List<String> sites) {
        String secret = IngestKeyDirectory.PREFIX + UUID.randomUUID() + UUID.randomUUID();
        send(
                Topics.INGEST_KEYS.name(),
                keyId,
                new IngestKeyRecord(
                        keyId,
                        constructor,
                        "test key",
                        IngestKeyDirectory.sha256(secret),
                        robots,
                        sites,
                        null,
                        null));
        return secret;
    }

    public static void revokeKey(String keyId, String constructor) {
        send(
                Topics.INGEST_KEYS.name(),
                keyId,
                new IngestKeyRecord(
                        keyId,
                        constructor,
                        "test key",
                        "revoked",
                        List.of(),
                        List.of(),
                        null,
                        Instant.now().toString()));
    }

    private static void send(String topic, String key, Object value) {
        TopicReader.send(topic, key, JSON.writeValueAsString(value), Map.of());
    }

    private TestIdentity() {}
}
