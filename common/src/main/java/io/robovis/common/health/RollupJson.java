package io.robovis.common.health;

import io.robovis.common.health.HourlyRollup.ErrorCount;
import io.robovis.common.health.HourlyRollup.Stat;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.io.NumberInput;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The text of a {@code robot_hourly} row's {@code metrics} ({@code {"name": [n, sum, min, max],
 * …}}) and {@code errors} ({@code {"component": [total, critical], …}}), read and written without
 * building JSON trees: the scorer reads 193 of these per robot, and every event batch reads and
 * rewrites the hours it adds to.
 */
public final class RollupJson {

    private static final String NONE = "{}";

    private final JsonMapper json;

    public RollupJson(JsonMapper json) {
        this.json = json;
    }

    /**
     * Metrics as PostgreSQL prints jsonb or as {@link #metricsText} writes them, read by hand; a
     * name with an escape in it goes to the JSON parser. The map is the caller's to change.
     */
    public Map<String, Stat> metrics(String text) {
        if (text.indexOf('\\') >= 0) {
            return parsedMetrics(text);
        }
        try {
            return plainMetrics(text);
        } catch (NumberFormatException e) {
            // a value stored as a string: "Infinity", as Jackson wrote an overflowed sum before
            return parsedMetrics(text);
        }
    }

    private Map<String, Stat> plainMetrics(String text) {
        Map<String, Stat> out = new HashMap<>();
        char[] chars = text.toCharArray();
        int i = text.indexOf('"');
        while (i >= 0) {
            int nameEnd = text.indexOf('"', i + 1);
            String name = text.substring(i + 1, nameEnd);
            int open = text.indexOf('[', nameEnd);
            int close = text.indexOf(']', open);
            double[] v = new double[4];
            int from = open + 1;
            for (int k = 0; k < 4; k++) {
                int to = k < 3 ? text.indexOf(',', from) : close;
                int end = to;
                while (chars[from] == ' ') {
                    from++;
                }
                while (chars[end - 1] == ' ') {
                    end--;
                }
                v[k] = NumberInput.parseDouble(chars, from, end - from, true);
                from = to + 1;
            }
            out.put(name, new Stat((long) v[0], v[1], v[2], v[3]));
            i = text.indexOf('"', close);
        }
        return out;
    }

    /**
     * The same with the JSON parser: any name, any spacing, and values written as strings (Jackson
     * wrote a sum beyond the range of a double as {@code "Infinity"} before {@link #metricsText}).
     */
    public Map<String, Stat> parsedMetrics(String text) {
        Map<String, Stat> out = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : json.readTree(text).properties()) {
            JsonNode a = e.getValue();
            out.put(
                    e.getKey(),
                    new Stat(
                            (long) number(a.get(0)),
                            number(a.get(1)),
                            number(a.get(2)),
                            number(a.get(3))));
        }
        return out;
    }

    private static double number(JsonNode value) {
        if (value.isNumber()) {
            return value.asDouble();
        }
        try {
            return finite(Double.parseDouble(value.asString()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Errors per component; most hours have none. */
    public Map<String, ErrorCount> errors(String text) {
        if (NONE.equals(text)) {
            return Map.of();
        }
        Map<String, ErrorCount> out = new HashMap<>();
        try (JsonParser p = json.createParser(text)) {
            p.nextToken(); // {
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String component = p.currentName();
                p.nextToken(); // [
                p.nextToken();
                int total = p.getIntValue();
                p.nextToken();
                int critical = p.getIntValue();
                p.nextToken(); // ]
                out.put(component, new ErrorCount(total, critical));
            }
        }
        return out;
    }

    /**
     * Metrics as JSON text. A sum beyond the range of a double is kept at the largest finite value
     * (JSON has no infinity, and a value PostgreSQL refuses would stop the batch for good).
     */
    public String metricsText(Map<String, Stat> metrics) {
        return object(
                metrics,
                (out, s) ->
                        out.append(s.n())
                                .append(',')
                                .append(finite(s.sum()))
                                .append(',')
                                .append(finite(s.min()))
                                .append(',')
                                .append(finite(s.max())));
    }

    /** Errors as JSON text. */
    public String errorsText(Map<String, ErrorCount> errors) {
        return object(errors, (out, c) -> out.append(c.total()).append(',').append(c.critical()));
    }

    /** {@code {"name": [values], …}}, each entry's array written by {@code values}. */
    private <V> String object(Map<String, V> entries, BiConsumer<StringBuilder, V> values) {
        if (entries.isEmpty()) {
            return NONE;
        }
        StringBuilder out = new StringBuilder(40 * entries.size()).append('{');
        entries.forEach(
                (name, v) -> {
                    name(out, name).append('[');
                    values.accept(out, v);
                    out.append("],");
                });
        out.setCharAt(out.length() - 1, '}');
        return out.toString();
    }

    private StringBuilder name(StringBuilder out, String name) {
        boolean plain = true;
        for (int i = 0; i < name.length() && plain; i++) {
            char c = name.charAt(i);
            plain = c >= 0x20 && c != '"' && c != '\\' && c < 0x7f;
        }
        return (plain
                        ? out.append('"').append(name).append('"')
                        : out.append(json.writeValueAsString(name)))
                .append(':');
    }

    private static double finite(double value) {
        if (Double.isNaN(value)) {
            return 0;
        }
        return Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, value));
    }
}
