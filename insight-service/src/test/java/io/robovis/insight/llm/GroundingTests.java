package io.robovis.insight.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroundingTests {

    private final Grounding grounding =
            new Grounding(
                    Map.of(
                            "success_rate_pct",
                            92.34,
                            "probability",
                            0.42,
                            "uses",
                            1234,
                            "worst",
                            List.of(Map.of("robot_id", "BDY-042", "day", "2026-12-04"))));

    @Test
    void numbersOfTheFactsPassAsWrittenOrRounded() {
        assertThat(grounding.ungrounded("Success 92.34 %, or 92.3 %, or about 92 %.")).isEmpty();
        assertThat(grounding.ungrounded("Succès 92,3 % sur 1 234 utilisations.")).isEmpty();
        assertThat(grounding.ungrounded("1,234 uses, 42 % likely, 0.42 as a probability."))
                .isEmpty();
        assertThat(grounding.ungrounded("BDY-042 on 2026-12-04, out of 100.")).isEmpty();
    }

    @Test
    void anyOtherNumberIsInvented() {
        assertThat(grounding.ungrounded("Success 93 % on 1250 uses; 7 robots."))
                .containsExactly("93", "1250", "7");
        assertThat(grounding.ungrounded("92.4 %")).containsExactly("92.4");
        // only fractions read as percentages; a robot id's digits only as written
        assertThat(grounding.ungrounded("123400 uses, BDY-43")).containsExactly("123400", "43");
        // a list's size is a fact: "worst" holds 1 robot
        assertThat(grounding.ungrounded("1 robot is worst")).isEmpty();
    }
}
