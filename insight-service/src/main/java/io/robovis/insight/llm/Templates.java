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
 * invents numbers; it passes the grounding check by construction (tested for every kind).
 */
@Component
public class Templates {

    public String narrate(
            InsightKind kind, Map<String, Object> facts, Severity severity, String language) {
        Text t = new Text("fr".equals(language));
        t.line("Severity: %s.", "Sévérité : %s.", t.fr ? frSeverity(severity) : severity.id());
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

    /** Sentences in one language; numbers written as the facts hold them. */
    private static final class Text {
        final boolean fr;
        final List<String> sentences = new ArrayList<>();

        Text(boolean fr) {
            this.fr = fr;
        }

        /** One sentence: the English or French pattern, with its arguments. */
        void line(String en, String fr, Object... args) {
            Object[] shown = new Object[args.length];
            for (int i = 0; i < args.length; i++) {
                shown[i] = args[i] instanceof String s ? s : n(args[i]);
            }
            sentences.add((this.fr ? fr : en).formatted(shown));
        }

        /** The English or the French word. */
        String pick(String en, String fr) {
            return this.fr ? fr : en;
        }

        String n(Object value) {
            if (value == null) {
                return fr ? "n.d." : "n/a";
            }
            if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
                return String.valueOf(d.longValue());
            }
            String s = String.valueOf(value);
            return fr && value instanceof Number ? s.replace('.', ',') : s;
        }

        @Override
        public String toString() {
            return String.join(" ", sentences);
        }
    }

    private static String frSeverity(Severity s) {
        return switch (s) {
            case INFO -> "information";
            case WARNING -> "avertissement";
            case CRITICAL -> "critique";
        };
    }

    private static String risk(Text t, Object level) {
        if (!t.fr) {
            return String.valueOf(level);
        }
        return switch (String.valueOf(level)) {
            case "high" -> "élevé";
            case "medium" -> "moyen";
            case "low" -> "faible";
            default -> String.valueOf(level);
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return value instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    private static <T> List<T> first(List<T> list, int n) {
        return list.subList(0, Math.min(n, list.size()));
    }

    private static void fleetHealth(Text t, Map<String, Object> f) {
        Map<String, Object> robots = map(f.get("robots"));
        Map<String, Object> health = map(f.get("health"));
        Map<String, Object> risks = map(health.get("risk_levels"));
        t.line(
                "%s of %s robots are online (%s %%), %s offline.",
                "%s robots sur %s sont en ligne (%s %%), %s hors ligne.",
                robots.get("online"),
                robots.get("robots"),
                robots.get("online_pct"),
                robots.get("offline"));
        t.line(
                "Average health score %s; risk: %s high, %s medium, %s low.",
                "Score de santé moyen %s ; risque : %s élevé, %s moyen, %s faible.",
                health.get("average_score"),
                risks.get("high"),
                risks.get("medium"),
                risks.get("low"));
        for (Map<String, Object> w : first(list(f.get("worst_robots")), 1)) {
            t.line(
                    "Weakest robot: %s (score %s, predicted failure: %s).",
                    "Robot le plus fragile : %s (score %s, panne prévue : %s).",
                    w.get("robot_id"),
                    w.get("health_score"),
                    w.get("predicted_failure"));
        }
        for (Map<String, Object> c : first(list(f.get("top_failing_components")), 1)) {
            t.line(
                    "Most errors come from %s: %s errors (%s critical) on %s robots.",
                    "La plupart des erreurs viennent de %s : %s erreurs (%s critiques) sur %s robots.",
                    c.get("component"),
                    c.get("errors"),
                    c.get("critical"),
                    c.get("robots"));
        }
    }

    private static void adoption(Text t, Map<String, Object> f) {
        List<Map<String, Object>> features = list(f.get("features"));
        t.line(
                "%s feature uses in the period (%s in the period before), across %s features.",
                "%s utilisations de fonctionnalités sur la période (%s sur la période précédente),"
                        + " pour %s fonctionnalités.",
                f.get("total_uses"),
                f.get("total_uses_previous_period"),
                features.size());
        for (Map<String, Object> m : first(features, 3)) {
            t.line(
                    "%s: %s uses on %s robots, %s %% success, change %s %%.",
                    "%s : %s utilisations sur %s robots, %s %% de succès, évolution %s %%.",
                    m.get("feature"),
                    m.get("uses"),
                    m.get("robots_using"),
                    m.get("success_rate_pct"),
                    m.get("uses_change_pct"));
        }
    }

    private static void journeys(Text t, Map<String, Object> f) {
        Map<String, Object> s = map(f.get("sessions"));
        t.line(
                "%s sessions, %s ended normally, %s dropped (%s %%); median length %s s.",
                "%s sessions, %s terminées normalement, %s abandonnées (%s %%) ; durée médiane %s s.",
                s.get("sessions"),
                s.get("ended"),
                s.get("dropped"),
                s.get("drop_rate_pct"),
                s.get("median_length_s"));
        for (Map<String, Object> p : first(list(f.get("top_paths")), 1)) {
            t.line(
                    "Most frequent path: \"%s\" (%s sessions).",
                    "Parcours le plus fréquent : « %s » (%s sessions).",
                    p.get("path"),
                    p.get("sessions"));
        }
        for (Map<String, Object> d : first(list(f.get("drop_off_steps")), 1)) {
            t.line(
                    "Sessions drop off most at step \"%s\" (%s sessions).",
                    "Les sessions s'interrompent surtout à l'étape « %s » (%s sessions).",
                    d.get("step"),
                    d.get("dropped_here"));
        }
    }

    private static void friction(Text t, Map<String, Object> f) {
        List<Map<String, Object>> features = list(f.get("features"));
        List<?> rising = f.get("rising_friction") instanceof List<?> l ? l : List.of();
        List<?> emerging = f.get("emerging_usage") instanceof List<?> l ? l : List.of();
        if (rising.isEmpty()) {
            t.line(
                    "Across the fleet, no feature shows rising friction.",
                    "À l'échelle de la flotte, aucune fonctionnalité ne montre de friction"
                            + " croissante.");
        }
        for (Map<String, Object> m : features) {
            if (rising.contains(m.get("feature"))) {
                t.line(
                        "Friction rises on %s: %s %% of uses failed or were abandoned, against %s"
                                + " %% before (%s points).",
                        "La friction augmente sur %s : %s %% des utilisations ont échoué ou ont été"
                                + " abandonnées, contre %s %% avant (%s points).",
                        m.get("feature"),
                        m.get("friction_rate_pct"),
                        m.get("friction_rate_previous_pct"),
                        m.get("friction_change_points"));
            }
        }
        for (Map<String, Object> h : list(f.get("friction_hotspots"))) {
            t.line(
                    "On %s (%s), %s fails or is abandoned in %s %% of %s uses, %s points more than"
                            + " before.",
                    "Sur %s (%s), %s échoue ou est abandonnée dans %s %% de %s utilisations, %s"
                            + " points de plus qu'avant.",
                    h.get("robot_id"),
                    h.get("site"),
                    h.get("feature"),
                    h.get("friction_rate_pct"),
                    h.get("uses"),
                    h.get("friction_change_points"));
        }
        for (Map<String, Object> h : first(list(f.get("emerging_hotspots")), 2)) {
            t.line(
                    "On %s, use of %s rose to %s, against %s before.",
                    "Sur %s, l'usage de %s est passé à %s, contre %s avant.",
                    h.get("robot_id"),
                    h.get("feature"),
                    h.get("uses"),
                    h.get("uses_previous_period"));
        }
        for (Map<String, Object> m : features) {
            if (emerging.contains(m.get("feature"))) {
                t.line(
                        "Use of %s grows fast: %s uses, against %s before.",
                        "L'usage de %s croît vite : %s utilisations, contre %s avant.",
                        m.get("feature"),
                        m.get("uses"),
                        m.get("uses_previous_period"));
            }
        }
    }

    private static void environments(Text t, Map<String, Object> f) {
        for (Map<String, Object> e : list(f.get("environments"))) {
            t.line(
                    "%s: %s robots, %s uses per robot per day, %s %% success, %s errors per robot"
                            + " per day.",
                    "%s : %s robots, %s utilisations par robot et par jour, %s %% de succès, %s"
                            + " erreurs par robot et par jour.",
                    e.get("environment"),
                    e.get("robots"),
                    e.get("uses_per_robot_day"),
                    e.get("success_rate_pct"),
                    e.get("errors_per_robot_day"));
        }
        if (f.get("best_environment") != null && f.get("worst_environment") != null) {
            t.line(
                    "Best success rate: %s; lowest: %s.",
                    "Meilleur taux de succès : %s ; le plus bas : %s.",
                    f.get("best_environment"),
                    f.get("worst_environment"));
        }
    }

    private static void maintenance(Text t, Map<String, Object> f) {
        Map<String, Object> risks = map(f.get("risk_levels"));
        t.line(
                "Of %s scored robots, %s are at high risk and %s at medium risk.",
                "Sur %s robots évalués, %s sont à risque élevé et %s à risque moyen.",
                f.get("scored_robots"),
                risks.get("high"),
                risks.get("medium"));
        for (Map<String, Object> r : first(list(f.get("ranked_robots")), 3)) {
            String drivers =
                    list(r.get("drivers")).stream()
                            .map(d -> d.get("metric") + " " + t.n(d.get("value")))
                            .collect(Collectors.joining(", "));
            t.line(
                    "%s: %s failure, %s %% probability%s.",
                    "%s : panne %s, probabilité %s %%%s.",
                    r.get("robot_id"),
                    r.get("predicted_failure"),
                    r.get("probability_pct"),
                    drivers.isEmpty() ? "" : " (" + drivers + ")");
        }
    }

    /** The streaming detector's episodes, most recent first. */
    private static void episodes(Text t, Map<String, Object> f) {
        for (Map<String, Object> e : first(list(f.get("episodes")), 4)) {
            t.line(
                    "Detected %s episode on %s from %s%s: %s against a baseline of %s (score %s).",
                    "Épisode %s détecté sur %s depuis %s%s : %s contre une référence de %s (score"
                            + " %s).",
                    "critical".equals(e.get("severity"))
                            ? t.pick("critical", "critique")
                            : t.pick("warning", "d'alerte"),
                    e.get("signal"),
                    e.get("started_at"),
                    e.get("ended_at") == null
                            ? t.pick(", ongoing", ", en cours")
                            : t.pick(" to " + e.get("ended_at"), " à " + e.get("ended_at")),
                    e.get("value"),
                    e.get("baseline"),
                    e.get("score"));
        }
    }

    private static void anomaly(Text t, Map<String, Object> f) {
        episodes(t, f);
        List<Map<String, Object>> anomalies = list(f.get("anomalies"));
        if (anomalies.isEmpty() && list(f.get("episodes")).isEmpty()) {
            t.line(
                    "No signal of this robot left its own baseline over the last 24 hours.",
                    "Aucun signal de ce robot n'est sorti de sa propre référence sur les dernières"
                            + " 24 heures.");
        }
        for (Map<String, Object> a : first(anomalies, 4)) {
            if (a.containsKey("score")) {
                t.line(
                        "%s averages %s against a baseline of %s (score %s).",
                        "%s est en moyenne à %s contre une référence de %s (score %s).",
                        a.get("signal"),
                        a.get("recent_mean"),
                        a.get("baseline_median"),
                        a.get("score"));
            } else if (a.containsKey("component")) {
                t.line(
                        "%s errors on %s (%s critical) against %s per day before.",
                        "%s erreurs sur %s (%s critiques) contre %s par jour auparavant.",
                        a.get("recent_errors"),
                        a.get("component"),
                        a.get("recent_critical"),
                        a.get("baseline_per_day"));
            } else {
                t.line(
                        "%s fails in %s %% of uses against %s %% before.",
                        "%s échoue dans %s %% des utilisations contre %s %% auparavant.",
                        a.get("feature"),
                        a.get("recent_failure_rate_pct"),
                        a.get("baseline_failure_rate_pct"));
            }
        }
    }

    private static void digest(Text t, Map<String, Object> f) {
        Map<String, Object> presence = map(f.get("presence"));
        Map<String, Object> usage = map(f.get("usage"));
        Map<String, Object> errors = map(f.get("errors"));
        Map<String, Object> health = map(f.get("health"));
        if (Boolean.TRUE.equals(presence.get("online"))) {
            t.line("The robot is online.", "Le robot est en ligne.");
        } else {
            t.line("The robot is offline.", "Le robot est hors ligne.");
        }
        t.line(
                "Last 24 hours: %s sessions, %s feature uses, %s %% success, active %s hours.",
                "Dernières 24 heures : %s sessions, %s utilisations, %s %% de succès, actif %s"
                        + " heures.",
                usage.get("sessions"),
                usage.get("feature_uses"),
                usage.get("success_rate_pct"),
                presence.get("active_hours"));
        t.line(
                "%s errors, %s critical.",
                "%s erreurs, dont %s critiques.", errors.get("total"), errors.get("critical"));
        episodes(t, f);
        if (health.get("health_score") != null) {
            t.line(
                    "Health score %s, risk %s, predicted failure: %s.",
                    "Score de santé %s, risque %s, panne prévue : %s.",
                    health.get("health_score"),
                    risk(t, health.get("risk_level")),
                    health.get("predicted_failure"));
        }
    }
}
