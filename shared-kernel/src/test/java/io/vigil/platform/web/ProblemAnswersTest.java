package io.vigil.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import com.mongodb.MongoTimeoutException;

/** A busy or unreachable store is the server's trouble: 503 with Retry-After, never a bare 500. */
class ProblemAnswersTest {

    private final ProblemAnswers answers = new ProblemAnswers();

    @Test
    void noPooledConnectionInTimeIsServiceUnavailableWithRetryAfter() {
        assertBusy(answers.storeBusy(new CannotGetJdbcConnectionException("pool exhausted",
                new SQLTransientConnectionException("timeout"))));
    }

    @Test
    void aLockOrQueryTimeoutIsServiceUnavailable() {
        assertBusy(answers.storeBusy(new QueryTimeoutException("lock timeout")));
    }

    @Test
    void aMongoDbTimeoutIsServiceUnavailable() {
        assertBusy(answers.storeBusy(new MongoTimeoutException("no server")));
    }

    private static void assertBusy(ResponseEntity<ProblemDetail> answer) {
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(answer.getBody().getDetail()).contains("retry");
    }
}
