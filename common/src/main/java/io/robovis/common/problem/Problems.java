package io.robovis.common.problem;

import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/** Stable problem codes and type URIs. Type URIs are names, not links: nothing is fetched. */
public final class Problems {

    private static final Map<Integer, String> DEFAULT_CODES =
            Map.ofEntries(
                    Map.entry(400, "bad_request"),
                    Map.entry(401, "unauthorized"),
                    Map.entry(403, "forbidden"),
                    Map.entry(404, "not_found"),
                    Map.entry(405, "method_not_allowed"),
                    Map.entry(406, "not_acceptable"),
                    Map.entry(409, "conflict"),
                    Map.entry(413, "payload_too_large"),
                    Map.entry(415, "unsupported_media_type"),
                    Map.entry(429, "too_many_requests"),
                    Map.entry(500, "internal_error"),
                    Map.entry(501, "not_implemented"),
                    Map.entry(502, "bad_gateway"),
                    Map.entry(503, "service_unavailable"),
                    Map.entry(504, "gateway_timeout"));

    /** The default code of a status, for errors that carry none of their own. */
    public static String defaultCode(HttpStatusCode status) {
        return DEFAULT_CODES.getOrDefault(status.value(), "error_" + status.value());
    }

    public static URI typeOf(String code) {
        return URI.create("urn:robovis:problem:" + code);
    }

    /**
     * A bean property name as the JSON API spells it ({@code offlineAfterS} → {@code
     * offline_after_s}).
     */
    public static String jsonName(String property) {
        return property.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    public static String title(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "Error" : known.getReasonPhrase();
    }

    private Problems() {}
}
