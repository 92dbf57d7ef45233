package io.vigil.platform.web;

import org.springframework.http.HttpStatus;

/**
 * A refusal a client can act on, answered as an RFC 9457 problem document by {@link ProblemAnswers}.
 * Thrown at the edge before anything is written.
 */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final String challenge;

    public ApiProblem(HttpStatus status, String title, String detail) {
        this(status, title, detail, null);
    }

    private ApiProblem(HttpStatus status, String title, String detail, String challenge) {
        super(detail);
        this.status = status;
        this.title = title;
        this.challenge = challenge;
    }

    public static ApiProblem notFound(String what, String id) {
        return new ApiProblem(HttpStatus.NOT_FOUND, what + " not found", "There is no " + what.toLowerCase()
                + " with id '" + id + "'.");
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "Invalid request", detail);
    }

    public static ApiProblem unprocessable(String detail) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "Request cannot be applied", detail);
    }

    /** A 401 with the {@code WWW-Authenticate} challenge RFC 9110 requires, e.g. {@code Bearer}. */
    public static ApiProblem unauthorized(String challenge, String detail) {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, "Unauthorized", detail, challenge);
    }

    /** The {@code WWW-Authenticate} value to send, or null. */
    public String challenge() {
        return challenge;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }
}
