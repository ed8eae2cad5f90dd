package io.robovis.common.problem;

import java.util.Map;
import org.springframework.http.HttpHeaders;
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
