package io.robovis.common.problem;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A domain error that leaves as RFC 9457 problem+json with a stable machine {@code code}.
 *
 * <p>{@code new ProblemException(HttpStatus.NOT_FOUND, "robot_not_found", "No robot BDY-1.")}
 */
public class ProblemException extends ErrorResponseException {

    private final String code;

    public ProblemException(HttpStatusCode status, String code, String detail) {
        this(status, code, detail, Map.of(), HttpHeaders.EMPTY);
    }

    public ProblemException(
            HttpStatusCode status,
            String code,
            String detail,
            Map<String, Object> properties,
            HttpHeaders headers) {
        super(status, problem(status, code, detail, properties), null);
        this.code = code;
        getHeaders().addAll(headers);
    }

    /** A 400 {@code validation_failed} listing each error ({@code field}, {@code message}, …). */
    public static ProblemException invalidFields(String detail, List<Map<String, Object>> errors) {
        return new ProblemException(
                HttpStatus.BAD_REQUEST,
                "validation_failed",
                detail,
                Map.of("errors", errors),
                HttpHeaders.EMPTY);
    }

    public String code() {
        return code;
    }

    private static ProblemDetail problem(
            HttpStatusCode status, String code, String detail, Map<String, Object> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(Problems.typeOf(code));
        problem.setProperty("code", code);
        properties.forEach(problem::setProperty);
        return problem;
    }
}
