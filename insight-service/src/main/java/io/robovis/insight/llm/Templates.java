package io.robovis.insight.llm;

import io.robovis.insight.facts.InsightKind;
import io.robovis.insight.facts.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The narration written without an LLM: a few sentences per kind, in English or French, that say
 * the facts' main numbers as they are. Used when Ollama is unreachable, slow, answers garbage or
 * invents numbers; it passes the grounding check by construction.
 */
@Component
public class Templates {

    public String narrate(
            InsightKind kind, Map<String, Object> facts, Severity severity, String language) {
        Text t = new Text("fr".equals(language));
        t.add(
                t.say(
                        "Severity: " + severity.id() + ".",
                        "Sévérité : " + frSeverity(severity) + "."));
        switch (kind) {
            case FLEET_HEALTH -> fleetHealth(t, facts);
            case FEATURE_ADOPTION_REPORT -> adoption(t, facts);
            case USER_JOURNEY_ANALYSIS -> journeys(t, facts);
            case FRICTION_EMERGING_USAGE -> friction(t, facts);
            case CROSS_ENVIRONMENT_COMPARISON -> environments(t, facts);
            case PREDICTIVE_MAINTENANCE -> maintenance(t, facts);
            case ROBOT_ANOMALY -> anomaly(t, facts);
            case DAILY_DIGEST -> digest(t, facts);
        }
        return t.toString();
    }

    private static String frRisk(Object level) {
        return switch (String.valueOf(level)) {
            case "high" -> "élevé";
            case "medium" -> "moyen";
            case "low" -> "faible";
            default -> String.valueOf(level);
        };
    }

    private static String frSeverity(Severity s) {
        return switch (s) {
            case INFO -> "information";
            case WARNING -> "avertissement";
            case CRITICAL -> "critique";
        };
    }

    /** Sentences in one language, numbers written as the facts hold them. */
    private static final class Text {
        final boolean fr;
        final List<String> sentences = new ArrayList<>();

        Text(boolean fr) {
            this.fr = fr;
        }

        String say(String en, String fr) {
            return this.fr ? fr : en;
        }

        void add(String sentence) {
            sentences.add(sentence);
        }

        String n(Object value) {
            if (value == null) {
                return say("n/a", "n.d.");
            }
            if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
                return String.valueOf(d.longValue());
            }
            String s = String.valueOf(value);
            return fr ? s.replace('.', ',') : s;
        }

        @Override
        public String toString() {
            return String.join(" ", sentences);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return value instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    private static void fleetHealth(Text t, Map<String, Object> f) {
        Map<String, Object> robots = map(f.get("robots"));
        Map<String, Object> health = map(f.get("health"));
        Map<String, Object> risks = map(health.get("risk_levels"));
        t.add(
                t.say(
                        "%s of %s robots are online (%s %%), %s offline."
                                .formatted(
                                        t.n(robots.get("online")),
                                        t.n(robots.get("robots")),
                                        t.n(robots.get("online_pct")),
                                        t.n(robots.get("offline"))),
                        "%s robots sur %s sont en ligne (%s %%), %s hors ligne."
                                .formatted(
                                        t.n(robots.get("online")),
                                        t.n(robots.get("robots")),
                                        t.n(robots.get("online_pct")),
                                        t.n(robots.get("offline")))));
        t.add(
                t.say(
                        "Average health score %s; risk: %s high, %s medium, %s low."
                                .formatted(
                                        t.n(health.get("average_score")),
                                        t.n(risks.get("high")),
                                        t.n(risks.get("medium")),
                                        t.n(risks.get("low"))),
                        "Score de santé moyen %s ; risque : %s élevé, %s moyen, %s faible."
                                .formatted(
                                        t.n(health.get("average_score")),
                                        t.n(risks.get("high")),
                                        t.n(risks.get("medium")),
                                        t.n(risks.get("low")))));
        List<Map<String, Object>> worst = list(f.get("worst_robots"));
        if (!worst.isEmpty()) {
            Map<String, Object> w = worst.get(0);
            t.add(
                    t.say(
                            "Weakest robot: %s (score %s, predicted failure: %s)."
                                    .formatted(
                                            w.get("robot_id"),
                                            t.n(w.get("health_score")),
                                            w.get("predicted_failure")),
                            "Robot le plus fragile : %s (score %s, panne prévue : %s)."
                                    .formatted(
                                            w.get("robot_id"),
                                            t.n(w.get("health_score")),
                                            w.get("predicted_failure"))));
        }
        List<Map<String, Object>> failing = list(f.get("top_failing_components"));
        if (!failing.isEmpty()) {
            Map<String, Object> c = failing.get(0);
            t.add(
                    t.say(
                            "Most errors come from %s: %s errors (%s critical) on %s robots."
                                    .formatted(
                                            c.get("component"),
                                            t.n(c.get("errors")),
                                            t.n(c.get("critical")),
                                            t.n(c.get("robots"))),
                            "La plupart des erreurs viennent de %s : %s erreurs (%s critiques) sur %s robots."
                                    .formatted(
                                            c.get("component"),
                                            t.n(c.get("errors")),
                                            t.n(c.get("critical")),
                                            t.n(c.get("robots")))));
        }
    }

    private static void adoption(Text t, Map<String, Object> f) {
        List<Map<String, Object>> features = list(f.get("features"));
        t.add(
                t.say(
                        "%s feature uses in the period (%s in the period before), across %s features."
                                .formatted(
                                        t.n(f.get("total_uses")),
                                        t.n(f.get("total_uses_previous_period")),
                                        t.n(features.size())),
                        "%s utilisations de fonctionnalités sur la période (%s sur la période précédente), pour %s fonctionnalités."
                                .formatted(
                                        t.n(f.get("total_uses")),
                                        t.n(f.get("total_uses_previous_period")),
                                        t.n(features.size()))));
        for (Map<String, Object> m : features.subList(0, Math.min(3, features.size()))) {
            t.add(
                    t.say(
                            "%s: %s uses on %s robots, %s %% success, change %s %%."
                                    .formatted(
                                            m.get("feature"),
                                            t.n(m.get("uses")),
                                            t.n(m.get("robots_using")),
                                            t.n(m.get("success_rate_pct")),
                                            t.n(m.get("uses_change_pct"))),
                            "%s : %s utilisations sur %s robots, %s %% de succès, évolution %s %%."
                                    .formatted(
                                            m.get("feature"),
                                            t.n(m.get("uses")),
                                            t.n(m.get("robots_using")),
                                            t.n(m.get("success_rate_pct")),
                                            t.n(m.get("uses_change_pct")))));
        }
    }

    private static void journeys(Text t, Map<String, Object> f) {
        Map<String, Object> s = map(f.get("sessions"));
        t.add(
                t.say(
                        "%s sessions, %s ended normally, %s dropped (%s %%); median length %s s."
                                .formatted(
                                        t.n(s.get("sessions")),
                                        t.n(s.get("ended")),
                                        t.n(s.get("dropped")),
                                        t.n(s.get("drop_rate_pct")),
                                        t.n(s.get("median_length_s"))),
                        "%s sessions, %s terminées normalement, %s abandonnées (%s %%) ; durée médiane %s s."
                                .formatted(
                                        t.n(s.get("sessions")),
                                        t.n(s.get("ended")),
                                        t.n(s.get("dropped")),
                                        t.n(s.get("drop_rate_pct")),
                                        t.n(s.get("median_length_s")))));
        List<Map<String, Object>> paths = list(f.get("top_paths"));
        if (!paths.isEmpty()) {
            t.add(
                    t.say(
                            "Most frequent path: \"%s\" (%s sessions)."
                                    .formatted(
                                            paths.get(0).get("path"),
                                            t.n(paths.get(0).get("sessions"))),
                            "Parcours le plus fréquent : « %s » (%s sessions)."
                                    .formatted(
                                            paths.get(0).get("path"),
                                            t.n(paths.get(0).get("sessions")))));
        }
        List<Map<String, Object>> drops = list(f.get("drop_off_steps"));
        if (!drops.isEmpty()) {
            t.add(
                    t.say(
                            "Sessions drop off most at step \"%s\" (%s sessions)."
                                    .formatted(
                                            drops.get(0).get("step"),
                                            t.n(drops.get(0).get("dropped_here"))),
                            "Les sessions s'interrompent surtout à l'étape « %s » (%s sessions)."
                                    .formatted(
                                            drops.get(0).get("step"),
                                            t.n(drops.get(0).get("dropped_here")))));
        }
    }

    private static void friction(Text t, Map<String, Object> f) {
        List<Map<String, Object>> features = list(f.get("features"));
        List<?> rising = f.get("rising_friction") instanceof List<?> l ? l : List.of();
        List<?> emerging = f.get("emerging_usage") instanceof List<?> l ? l : List.of();
        if (rising.isEmpty()) {
            t.add(
                    t.say(
                            "Across the fleet, no feature shows rising friction.",
                            "À l'échelle de la flotte, aucune fonctionnalité ne montre de friction croissante."));
        }
        for (Map<String, Object> m : features) {
            if (rising.contains(m.get("feature"))) {
                t.add(
                        t.say(
                                "Friction rises on %s: %s %% of uses failed or were abandoned, against %s %% before (%s points)."
                                        .formatted(
                                                m.get("feature"),
                                                t.n(m.get("friction_rate_pct")),
                                                t.n(m.get("friction_rate_previous_pct")),
                                                t.n(m.get("friction_change_points"))),
                                "La friction augmente sur %s : %s %% des utilisations ont échoué ou ont été abandonnées, contre %s %% avant (%s points)."
                                        .formatted(
                                                m.get("feature"),
                                                t.n(m.get("friction_rate_pct")),
                                                t.n(m.get("friction_rate_previous_pct")),
                                                t.n(m.get("friction_change_points")))));
            }
        }
        for (Map<String, Object> h : list(f.get("friction_hotspots"))) {
            t.add(
                    t.say(
                            "On %s (%s), %s fails or is abandoned in %s %% of %s uses, %s points more than before."
                                    .formatted(
                                            h.get("robot_id"),
                                            h.get("site"),
                                            h.get("feature"),
                                            t.n(h.get("friction_rate_pct")),
                                            t.n(h.get("uses")),
                                            t.n(h.get("friction_change_points"))),
                            "Sur %s (%s), %s échoue ou est abandonnée dans %s %% de %s utilisations, %s points de plus qu'avant."
                                    .formatted(
                                            h.get("robot_id"),
                                            h.get("site"),
                                            h.get("feature"),
                                            t.n(h.get("friction_rate_pct")),
                                            t.n(h.get("uses")),
                                            t.n(h.get("friction_change_points")))));
        }
        List<Map<String, Object>> usageSpots = list(f.get("emerging_hotspots"));
        for (Map<String, Object> h : usageSpots.subList(0, Math.min(2, usageSpots.size()))) {
            t.add(
                    t.say(
                            "On %s, use of %s rose to %s, against %s before."
                                    .formatted(
                                            h.get("robot_id"),
                                            h.get("feature"),
                                            t.n(h.get("uses")),
                                            t.n(h.get("uses_previous_period"))),
                            "Sur %s, l'usage de %s est passé à %s, contre %s avant."
                                    .formatted(
                                            h.get("robot_id"),
                                            h.get("feature"),
                                            t.n(h.get("uses")),
                                            t.n(h.get("uses_previous_period")))));
        }
        for (Map<String, Object> m : features) {
            if (emerging.contains(m.get("feature"))) {
                t.add(
                        t.say(
                                "Use of %s grows fast: %s uses, against %s before."
                                        .formatted(
                                                m.get("feature"),
                                                t.n(m.get("uses")),
                                                t.n(m.get("uses_previous_period"))),
                                "L'usage de %s croît vite : %s utilisations, contre %s avant."
                                        .formatted(
                                                m.get("feature"),
                                                t.n(m.get("uses")),
                                                t.n(m.get("uses_previous_period")))));
            }
        }
    }

    private static void environments(Text t, Map<String, Object> f) {
        for (Map<String, Object> e : list(f.get("environments"))) {
            t.add(
                    t.say(
                            "%s: %s robots, %s uses per robot per day, %s %% success, %s errors per robot per day."
                                    .formatted(
                                            e.get("environment"),
                                            t.n(e.get("robots")),
                                            t.n(e.get("uses_per_robot_day")),
                                            t.n(e.get("success_rate_pct")),
                                            t.n(e.get("errors_per_robot_day"))),
                            "%s : %s robots, %s utilisations par robot et par jour, %s %% de succès, %s erreurs par robot et par jour."
                                    .formatted(
                                            e.get("environment"),
                                            t.n(e.get("robots")),
                                            t.n(e.get("uses_per_robot_day")),
                                            t.n(e.get("success_rate_pct")),
                                            t.n(e.get("errors_per_robot_day")))));
        }
        if (f.get("best_environment") != null && f.get("worst_environment") != null) {
            t.add(
                    t.say(
                            "Best success rate: %s; lowest: %s."
                                    .formatted(
                                            f.get("best_environment"), f.get("worst_environment")),
                            "Meilleur taux de succès : %s ; le plus bas : %s."
                                    .formatted(
                                            f.get("best_environment"),
                                            f.get("worst_environment"))));
        }
    }

    private static void maintenance(Text t, Map<String, Object> f) {
        Map<String, Object> risks = map(f.get("risk_levels"));
        t.add(
                t.say(
                        "Of %s scored robots, %s are at high risk and %s at medium risk."
                                .formatted(
                                        t.n(f.get("scored_robots")),
                                        t.n(risks.get("high")),
                                        t.n(risks.get("medium"))),
                        "Sur %s robots évalués, %s sont à risque élevé et %s à risque moyen."
                                .formatted(
                                        t.n(f.get("scored_robots")),
                                        t.n(risks.get("high")),
                                        t.n(risks.get("medium")))));
        for (Map<String, Object> r :
                list(f.get("ranked_robots"))
                        .subList(0, Math.min(3, list(f.get("ranked_robots")).size()))) {
            String drivers =
                    list(r.get("drivers")).stream()
                            .map(d -> d.get("metric") + " " + t.n(d.get("value")))
                            .collect(Collectors.joining(", "));
            t.add(
                    t.say(
                            "%s: %s failure, %s %% probability%s."
                                    .formatted(
                                            r.get("robot_id"),
                                            r.get("predicted_failure"),
                                            t.n(r.get("probability_pct")),
                                            drivers.isEmpty() ? "" : " (" + drivers + ")"),
                            "%s : panne %s, probabilité %s %%%s."
                                    .formatted(
                                            r.get("robot_id"),
                                            r.get("predicted_failure"),
                                            t.n(r.get("probability_pct")),
                                            drivers.isEmpty() ? "" : " (" + drivers + ")")));
        }
    }

    private static void anomaly(Text t, Map<String, Object> f) {
        List<Map<String, Object>> anomalies = list(f.get("anomalies"));
        if (anomalies.isEmpty()) {
            t.add(
                    t.say(
                            "No signal of this robot left its own baseline over the last 24 hours.",
                            "Aucun signal de ce robot n'est sorti de sa propre référence sur les dernières 24 heures."));
        }
        for (Map<String, Object> a : anomalies.subList(0, Math.min(4, anomalies.size()))) {
            if (a.containsKey("score")) {
                t.add(
                        t.say(
                                "%s averages %s against a baseline of %s (score %s)."
                                        .formatted(
                                                a.get("signal"),
                                                t.n(a.get("recent_mean")),
                                                t.n(a.get("baseline_median")),
                                                t.n(a.get("score"))),
                                "%s est en moyenne à %s contre une référence de %s (score %s)."
                                        .formatted(
                                                a.get("signal"),
                                                t.n(a.get("recent_mean")),
                                                t.n(a.get("baseline_median")),
                                                t.n(a.get("score")))));
            } else if (a.containsKey("component")) {
                t.add(
                        t.say(
                                "%s errors on %s (%s critical) against %s per day before."
                                        .formatted(
                                                t.n(a.get("recent_errors")),
                                                a.get("component"),
                                                t.n(a.get("recent_critical")),
                                                t.n(a.get("baseline_per_day"))),
                                "%s erreurs sur %s (%s critiques) contre %s par jour auparavant."
                                        .formatted(
                                                t.n(a.get("recent_errors")),
                                                a.get("component"),
                                                t.n(a.get("recent_critical")),
                                                t.n(a.get("baseline_per_day")))));
            } else {
                t.add(
                        t.say(
                                "%s fails in %s %% of uses against %s %% before."
                                        .formatted(
                                                a.get("feature"),
                                                t.n(a.get("recent_failure_rate_pct")),
                                                t.n(a.get("baseline_failure_rate_pct"))),
                                "%s échoue dans %s %% des utilisations contre %s %% auparavant."
                                        .formatted(
                                                a.get("feature"),
                                                t.n(a.get("recent_failure_rate_pct")),
                                                t.n(a.get("baseline_failure_rate_pct")))));
            }
        }
    }

    private static void digest(Text t, Map<String, Object> f) {
        Map<String, Object> presence = map(f.get("presence"));
        Map<String, Object> usage = map(f.get("usage"));
        Map<String, Object> errors = map(f.get("errors"));
        Map<String, Object> health = map(f.get("health"));
        t.add(
                Boolean.TRUE.equals(presence.get("online"))
                        ? t.say("The robot is online.", "Le robot est en ligne.")
                        : t.say("The robot is offline.", "Le robot est hors ligne."));
        t.add(
                t.say(
                        "Last 24 hours: %s sessions, %s feature uses, %s %% success, active %s hours."
                                .formatted(
                                        t.n(usage.get("sessions")),
                                        t.n(usage.get("feature_uses")),
                                        t.n(usage.get("success_rate_pct")),
                                        t.n(presence.get("active_hours"))),
                        "Dernières 24 heures : %s sessions, %s utilisations, %s %% de succès, actif %s heures."
                                .formatted(
                                        t.n(usage.get("sessions")),
                                        t.n(usage.get("feature_uses")),
                                        t.n(usage.get("success_rate_pct")),
                                        t.n(presence.get("active_hours")))));
        t.add(
                t.say(
                        "%s errors, %s critical."
                                .formatted(t.n(errors.get("total")), t.n(errors.get("critical"))),
                        "%s erreurs, dont %s critiques."
                                .formatted(t.n(errors.get("total")), t.n(errors.get("critical")))));
        if (health.get("health_score") != null) {
            t.add(
                    t.say(
                            "Health score %s, risk %s, predicted failure: %s."
                                    .formatted(
                                            t.n(health.get("health_score")),
                                            health.get("risk_level"),
                                            health.get("predicted_failure")),
                            "Score de santé %s, risque %s, panne prévue : %s."
                                    .formatted(
                                            t.n(health.get("health_score")),
                                            frRisk(health.get("risk_level")),
                                            health.get("predicted_failure"))));
        }
    }
}
