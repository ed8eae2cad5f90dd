package io.robovis.common.problem;

import io.robovis.common.web.RequestIds;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one place where any error leaving a handler, a filter or the gateway becomes problem+json.
 * Bad input is a 4xx with a stable code; anything unexpected is a 500 that shows no internals.
 */
public class ProblemWebExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);

    private final ProblemWriter writer;

    public ProblemWebExceptionHandler(ProblemWriter writer) {
        this.writer = writer;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        ProblemDetail problem;
        HttpHeaders headers = HttpHeaders.EMPTY;
        if (hasCause(ex, DataBufferLimitException.class)) {
            problem =
                    problem(
                            HttpStatus.PAYLOAD_TOO_LARGE,
                            "payload_too_large",
                            "The request body is larger than this route accepts.");
        } else if (hasCause(ex, DuplicateKeyException.class)) {
            // two requests raced to create the same thing: the loser gets what it would have got
            // later
            problem =
                    problem(
                            HttpStatus.CONFLICT,
                            "conflict",
                            "This already exists (created by a concurrent request).");
        } else if (hasCause(ex, DataAccessResourceFailureException.class)
                || hasCause(ex, QueryTimeoutException.class)) {
            // no connection within the pool's wait (spring.r2dbc.pool.max-acquire-time), or none
            // at all: nothing was done, the caller may try again
            log.warn(
                    "Database unavailable on {} {} (request_id={}): {}",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(),
                    RequestIds.of(exchange),
                    ex.toString());
            problem =
                    problem(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            "database_unavailable",
                            "The database is busy or unreachable; try again shortly.");
            headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, "5");
        } else if (ex instanceof ErrorResponse error) {
            problem = describe(exchange, error);
            headers = error.getHeaders();
        } else if (hasCause(ex, ConnectException.class)
                || hasCause(ex, UnknownHostException.class)) {
            problem =
                    problem(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            "upstream_unavailable",
                            "The service behind this route is not reachable; try again shortly.");
        } else if (hasCause(ex, TimeoutException.class)) {
            problem =
                    problem(
                            HttpStatus.GATEWAY_TIMEOUT,
                            "upstream_timeout",
                            "The service behind this route did not answer in time.");
        } else {
            log.error(
                    "Unexpected error on {} {} (request_id={})",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(),
                    RequestIds.of(exchange),
                    ex);
            problem =
                    problem(
                            HttpStatus.INTERNAL_SERVER_ERROR,
                            "internal_error",
                            "An unexpected error occurred; it has been logged with this request id.");
        }
        return writer.write(exchange, problem, headers);
    }

    private static ProblemDetail describe(ServerWebExchange exchange, ErrorResponse error) {
        ProblemDetail problem = error.getBody();
        HttpStatusCode status = error.getStatusCode();
        Map<String, Object> properties = problem.getProperties();
        if (properties != null && properties.containsKey("code")) {
            return problem;
        }
        if (error instanceof WebExchangeBindException bind) {
            problem.setDetail("The request has invalid fields.");
            problem.setProperty("code", "validation_failed");
            problem.setProperty("errors", fieldErrors(bind));
        } else if (error instanceof UnsupportedMediaTypeStatusException) {
            problem.setProperty("code", "unsupported_media_type");
            problem.setDetail(
                    "Content type "
                            + exchange.getRequest().getHeaders().getContentType()
                            + " is not supported here; send application/json.");
        } else if (error instanceof MethodNotAllowedException notAllowed) {
            problem.setProperty("code", "method_not_allowed");
            problem.setDetail(
                    "Method "
                            + notAllowed.getHttpMethod()
                            + " is not allowed here; allowed: "
                            + notAllowed.getSupportedMethods());
        } else if (error instanceof ServerWebInputException input) {
            boolean unreadable = hasCause(input, DecodingException.class);
            problem.setProperty("code", unreadable ? "malformed_body" : "bad_request");
            if (unreadable) {
                problem.setDetail(describeUnreadable(input));
            } else if (input.getReason() != null) {
                problem.setDetail(input.getReason());
            }
        } else if (status.value() == 404) {
            problem.setProperty("code", "not_found");
            problem.setDetail(
                    "No route for "
                            + exchange.getRequest().getMethod()
                            + " "
                            + exchange.getRequest().getPath()
                            + ".");
        } else {
            problem.setProperty("code", Problems.defaultCode(status));
        }
        return problem;
    }

    private static List<Map<String, Object>> fieldErrors(WebExchangeBindException bind) {
        return bind.getBindingResult().getAllErrors().stream()
                .map(
                        error ->
                                Map.<String, Object>of(
                                        "field",
                                        error instanceof FieldError field
                                                ? Problems.jsonName(field.getField())
                                                : error.getObjectName(),
                                        "message",
                                        String.valueOf(error.getDefaultMessage())))
                .toList();
    }

    /** What was wrong with an unreadable body, in the API's field names, without class names. */
    static String describeUnreadable(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof UnrecognizedPropertyException unknown) {
                return "Unknown field \"" + path(unknown) + "\".";
            }
            if (t instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
                return "Field \"" + path(mismatch) + "\" has the wrong type or format.";
            }
            if (t instanceof StreamReadException) {
                return "The request body is not valid JSON.";
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return "The request body could not be read as JSON of the expected shape.";
    }

    private static String path(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : ex.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static ProblemDetail problem(HttpStatus status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("code", code);
        return problem;
    }

    private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
