package io.robovis.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.robovis.common.security.Role;
import io.robovis.common.security.TenantType;
import io.robovis.common.test.TestTokens;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Narration against a real local Ollama stand-in and its failure modes: each analysis ends in a
 * stored insight, with the generator saying who wrote the text and the insight saying why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NarrationTests extends InsightTestSupport {

    final String constructor = unique("acme");
    final String care = unique("care");
    final String french = unique("soins");
    final String robot = unique("BDY");
    String token;

    @BeforeAll
    void fleet() {
        tenant(constructor, "constructor", "en");
        tenant(care, "client", "en");
        tenant(french, "client", "fr");
        robot(robot, constructor, care, "site-1", "ehpad");
        send(
                java.util.List.of(
                        event(robot, System.currentTimeMillis() - 60_000, "heartbeat", Map.of())));
        token = TestTokens.token(care, TenantType.CLIENT, Role.ANALYST);
    }

    @ParameterizedTest(name = "model {0} -> {1}")
    @CsvSource({
        "mistral, ollama:mistral, ",
        "streamed, ollama:streamed, ",
        "invent-once, ollama:invent-once, ",
        "invent, template, ungrounded_answer",
        "error500, template, http_status",
        "garbage, template, malformed_answer",
        "cut, template, malformed_answer",
        "slow, template, timeout"
    })
    @SuppressWarnings("unchecked")
    void everyAnswerEndsInAStoredInsightWithTheRightGenerator(
            String model, String generator, String reason) {
        Map<String, Object> insight =
                analyzed(token, Map.of("kind", "fleet_health", "model", model));
        assertThat(insight.get("generator")).isEqualTo(generator);
        assertThat(insight.get("model")).isEqualTo(model);
        assertThat((String) insight.get("analysis_text")).isNotBlank();
        Map<String, Object> narration = (Map<String, Object>) insight.get("narration");
        assertThat(narration.get("fallback_reason")).isEqualTo(reason);
        if (generator.startsWith("ollama")) {
            assertThat((String) insight.get("analysis_text")).startsWith("Over the last 7");
        } else {
            assertThat((String) insight.get("analysis_text")).startsWith("Severity: ");
        }
        // stored as answered
        client.get()
                .uri("/v1/insights/" + insight.get("insight_id"))
                .header("Authorization", "Bearer " + token)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.generator")
                .isEqualTo(generator)
                .jsonPath("$.analysis_text")
                .isEqualTo(insight.get("analysis_text"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void anInventedNumberIsRetriedOnceThenReplacedAndRecorded() {
        int before = OLLAMA.chats.get();
        Map<String, Object> insight =
                analyzed(token, Map.of("kind", "fleet_health", "model", "invent"));
        assertThat(OLLAMA.chats.get() - before).isEqualTo(2);
        assertThat((String) insight.get("analysis_text")).doesNotContain("987654");
        Map<String, Object> narration = (Map<String, Object>) insight.get("narration");
        assertThat(narration.get("ungrounded_numbers_attempt_1"))
                .isEqualTo(java.util.List.of("987654"));
        assertThat(narration.get("ungrounded_numbers_attempt_2"))
                .isEqualTo(java.util.List.of("987654"));
    }

    @Test
    void anUnreachableOllamaGivesTheTemplateNotAnError() {
        Map<String, Object> insight =
                analyzed(token, Map.of("kind", "predictive_maintenance", "ollama_url", CLOSED));
        assertThat(insight.get("generator")).isEqualTo("template");
        assertThat(insight.get("model")).isEqualTo("mistral");
        assertThat(((Map<?, ?>) insight.get("narration")).get("fallback_reason"))
                .isEqualTo("unreachable");
    }

    @Test
    void theSeedsRequestUsesTheDefaultOllamaAndModel() {
        Map<String, Object> insight = analyzed(token, Map.of("kind", "friction_emerging_usage"));
        assertThat(insight.get("generator")).isEqualTo("ollama:mistral");
        assertThat(insight.get("model")).isEqualTo("mistral");
        assertThat((String) insight.get("insight_id")).startsWith("ins_");
        assertThat(insight)
                .containsKeys("kind", "robot_id", "severity", "facts", "created_at", "duration_ms");
    }

    @Test
    void anOllamaUrlOffTheAllowlistIs400() {
        analyze(token, Map.of("kind", "fleet_health", "ollama_url", "http://169.254.169.254"))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("ollama_url_not_allowed");
        analyze(
                        token,
                        Map.of(
                                "kind",
                                "fleet_health",
                                "ollama_url",
                                OLLAMA.url() + "/api/generate?x=1"))
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void aFrenchTenantGetsFrenchNarration() {
        String frenchToken = TestTokens.token(french, TenantType.CLIENT, Role.ADMIN);
        Map<String, Object> template =
                analyzed(frenchToken, Map.of("kind", "fleet_health", "model", "error500"));
        assertThat(template.get("language")).isEqualTo("fr");
        assertThat((String) template.get("analysis_text")).startsWith("Sévérité : ");
        assertThat(OLLAMA.lastRequest()).contains("in French");
    }
}
