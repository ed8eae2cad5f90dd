package io.robovis.common.web;

import io.robovis.common.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Paging that keeps the plain JSON array: the next page's cursor travels in a {@code Link: <…>;
 * rel="next"} header (RFC 8288). Cursors are opaque to clients.
 */
public final class Cursors {

    /** The {@code limit} parameter, or a 400 that states the range. */
    public static int limit(String value, int defaultLimit, int max) {
        if (value == null) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ProblemException(
                HttpStatus.BAD_REQUEST,
                "invalid_limit",
                "limit must be an integer from 1 to " + max + " (default " + defaultLimit + ").");
    }

    public static String encode(String key) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /** The key inside a cursor, or a 400 when the cursor was not made here. */
    public static String decode(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidCursor();
        }
    }

    /**
     * A cursor whose key is two parts joined by {@code |} (a sort value and an id), read back with
     * {@code read}; a 400 when it was not made here or does not parse.
     */
    public static <T> T decodePair(String cursor, BiFunction<String, String, T> read) {
        String key = decode(cursor);
        int bar = key.indexOf('|');
        if (bar < 0) {
            throw invalidCursor();
        }
        try {
            return read.apply(key.substring(0, bar), key.substring(bar + 1));
        } catch (RuntimeException e) {
            throw invalidCursor();
        }
    }

    public static ProblemException invalidCursor() {
        return new ProblemException(
                HttpStatus.BAD_REQUEST,
                "invalid_cursor",
                "cursor is not one this API gave out; take it from the Link header of the previous page.");
    }

    /**
     * The page as a response: {@code rows} was fetched with {@code limit + 1}; when the extra row
     * is there, it is dropped and a next link points after the last row kept.
     */
    public static <T> ResponseEntity<List<T>> page(
            ServerWebExchange exchange, List<T> rows, int limit, Function<T, String> key) {
        if (rows.size() <= limit) {
            return ResponseEntity.ok(rows);
        }
        List<T> page = rows.subList(0, limit);
        // A relative reference: behind the gateway, this service's host is not the caller's.
        String next =
                UriComponentsBuilder.fromUri(exchange.getRequest().getURI())
                        .scheme(null)
                        .host(null)
                        .port(-1)
                        .replaceQueryParam("cursor", encode(key.apply(page.get(limit - 1))))
                        .build()
                        .toUriString();
        return ResponseEntity.ok()
                .header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"")
                .body(page);
    }

    private Cursors() {}
}
