package io.vigil.platform.web;

import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;

import org.axonframework.commandhandling.CommandExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

import io.vigil.kernel.deployment.DeploymentStatus;
import io.vigil.kernel.listing.TextFilter.InvalidFilterException;

/**
 * Turns every error into an RFC 9457 problem document with a message a person can act on. Jackson's
 * messages are reduced to what went wrong and where, without the parser's internals.
 */
@RestControllerAdvice
public class ProblemAnswers extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAnswers.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
        detail.setTitle(problem.title());
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(problem.status());
        if (problem.challenge() != null) {
            answer.header(HttpHeaders.WWW_AUTHENTICATE, problem.challenge());
        }
        return answer.body(detail);
    }

    @ExceptionHandler(InvalidFilterException.class)
    ProblemDetail invalidFilter(InvalidFilterException e) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        detail.setTitle("Invalid filter");
        return detail;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "Parameter '" + e.getName() + "' has an invalid value: '" + e.getValue() + "'.");
        detail.setTitle("Invalid parameter");
        return detail;
    }

    @ExceptionHandler(CommandExecutionException.class)
    ProblemDetail commandFailed(CommandExecutionException e) {
        log.warn("Command failed", e);
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The change could not be recorded right now; retrying the same request is safe.");
        detail.setTitle("Temporarily unavailable");
        return detail;
    }

    /**
     * A store that is busy or briefly unreachable (no pooled connection in time, a lock timeout, a MongoDB
     * timeout) is the server's trouble, not the client's: 503 with a Retry-After, so agents back off.
     */
    @ExceptionHandler({TransientDataAccessException.class, DataAccessResourceFailureException.class,
            MongoTimeoutException.class, MongoSocketException.class})
    ResponseEntity<ProblemDetail> storeBusy(Exception e) {
        log.warn("A store is busy or unreachable: {}", e.toString());
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "Vigil's store is busy or unreachable right now; retry the same request in a few seconds.");
        detail.setTitle("Temporarily unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(detail);
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("Unexpected error", e);
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred; it has been logged.");
        detail.setTitle("Internal error");
        return detail;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        BodyTooLargeException tooLarge = causeOf(ex, BodyTooLargeException.class);
        if (tooLarge != null) {
            ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE, tooLarge.getMessage());
            detail.setTitle("Request body too large");
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(detail);
        }
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, readableMessage(ex));
        detail.setTitle("Malformed request body");
        return ResponseEntity.badRequest().body(detail);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String errors = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getField() + " " + error.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, errors);
        detail.setTitle("Invalid request body");
        return ResponseEntity.badRequest().body(detail);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String errors = ex.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> result.getMethodParameter().getParameterName() + " "
                                + error.getDefaultMessage()))
                .sorted()
                .collect(Collectors.joining("; "));
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, errors);
        detail.setTitle("Invalid parameter");
        return ResponseEntity.badRequest().body(detail);
    }

    private static String readableMessage(HttpMessageNotReadableException ex) {
        JsonMappingException mapping = causeOf(ex, JsonMappingException.class);
        if (mapping != null) {
            String path = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            if (mapping instanceof UnrecognizedPropertyException unknown) {
                return "Unknown field '" + path + "'; the accepted fields are " + unknown.getKnownPropertyIds() + ".";
            }
            if (mapping instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
                String what = path.isEmpty() ? "The body" : "'" + path + "'";
                String given = mismatch instanceof InvalidFormatException invalid && invalid.getValue() != null
                        ? ", not '" + invalid.getValue() + "'" : "";
                return what + " must be " + expected(mismatch.getTargetType()) + given + ".";
            }
            return path.isEmpty() ? "The body cannot be read as this request."
                    : "'" + path + "' has an invalid value.";
        }
        JsonProcessingException json = causeOf(ex, JsonProcessingException.class);
        if (json != null) {
            return "The body is not valid JSON: " + json.getOriginalMessage();
        }
        return "The request body is missing or cannot be read.";
    }

    /** What a field of this type accepts, in JSON terms. */
    static String expected(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants())
                    .filter(constant -> !(constant instanceof DeploymentStatus status) || status.reportable())
                    .map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != char.class)) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (type == java.time.Instant.class) {
            return "an RFC 3339 timestamp";
        }
        return "a JSON object";
    }

    private static <T extends Throwable> T causeOf(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
