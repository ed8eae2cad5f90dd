package io.robovis.insight.llm;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a narration invents no number: every number in the text must be a number of the
 * facts, as written or rounded (92.34 may read 92.3 or 92; a fraction 0.42 may read 42 %), the size
 * of one of its lists, or a group of digits inside one of its strings, exactly as written (a robot
 * id, a date). Decimal commas (French) are read as decimal points; "1,234" and "1 234" as
 * thousands.
 */
public final class Grounding {

    private static final Pattern NUMBER =
            Pattern.compile(
                    "(?<![\\p{L}\\d_])-?\\d{1,3}(?:[ \u00a0\u202f,]\\d{3})+(?![\\d])|(?<![\\p{L}\\d_])-?\\d+(?:[.,]\\d+)?");
    private static final Pattern DIGITS = Pattern.compile("\\d+(?:\\.\\d+)?");

    private final List<BigDecimal> known = new ArrayList<>();
    private final Set<String> digitGroups = new LinkedHashSet<>();

    public Grounding(Object facts) {
        collect(facts);
        known.add(BigDecimal.ZERO);
        known.add(BigDecimal.valueOf(100)); // "100 %", "out of 100"
    }

    /** The numbers of {@code text} that the facts do not hold, as written. */
    public List<String> ungrounded(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            String token = m.group();
            if (!grounded(token)) {
                out.add(token);
            }
        }
        return out;
    }

    private boolean grounded(String token) {
        String digits = token.replace("-", "");
        if (digitGroups.contains(digits)) {
            return true;
        }
        for (BigDecimal candidate : readings(token)) {
            for (BigDecimal fact : known) {
                if (matches(candidate, fact)
                        || fact.abs().compareTo(BigDecimal.ONE) < 0
                                && matches(candidate, fact.multiply(BigDecimal.valueOf(100)))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A token may be read with a decimal comma, or with thousands separators. */
    private static List<BigDecimal> readings(String token) {
        List<BigDecimal> out = new ArrayList<>();
        String compact = token.replaceAll("[ \u00a0\u202f]", "");
        try {
            out.add(new BigDecimal(compact.replace(',', '.')));
        } catch (NumberFormatException ignored) {
            // "1,234,567": not a decimal
        }
        if (compact.matches("-?\\d{1,3}(,\\d{3})+") || !compact.equals(token)) {
            out.add(new BigDecimal(compact.replace(",", "")));
        }
        return out;
    }

    /** The written number equals the fact rounded to as many decimals as it shows. */
    private static boolean matches(BigDecimal written, BigDecimal fact) {
        int scale = Math.max(written.scale(), 0);
        return fact.setScale(scale, RoundingMode.HALF_UP).compareTo(written) == 0
                || fact.abs().setScale(scale, RoundingMode.HALF_UP).compareTo(written.abs()) == 0;
    }

    private void collect(Object value) {
        if (value instanceof Number n) {
            known.add(new BigDecimal(n.toString()));
        } else if (value instanceof String s) {
            Matcher m = DIGITS.matcher(s);
            while (m.find()) {
                digitGroups.add(m.group()); // "042" of BDY-042, "2026" of a date: as written only
            }
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(this::collect);
        } else if (value instanceof java.util.Collection<?> list) {
            known.add(BigDecimal.valueOf(list.size())); // "2 features rise"
            list.forEach(this::collect);
        }
    }
}
