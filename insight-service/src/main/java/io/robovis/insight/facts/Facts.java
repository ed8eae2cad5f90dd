package io.robovis.insight.facts;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * The computed facts of an insight (JSON: numbers, rankings, deltas and the evidence behind each
 * claim) and the severity its kind's rules give them. Numbers are rounded to one decimal, rates are
 * percentages, so a narration can quote them as they are.
 */
public record Facts(Map<String, Object> body, Severity severity) {

    /** One decimal. */
    public static double round(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return 0;
        }
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).doubleValue();
    }

    /** {@code part} of {@code whole} as a percentage with one decimal; null when whole is 0. */
    public static Double percent(double part, double whole) {
        return whole == 0 ? null : round(100.0 * part / whole);
    }

    /** Relative change from {@code before} to {@code now} in percent; null when before is 0. */
    public static Double change(double now, double before) {
        return before == 0 ? null : round(100.0 * (now - before) / before);
    }

    static double num(Object value) {
        return value instanceof Number n ? n.doubleValue() : 0;
    }

    static long count(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
