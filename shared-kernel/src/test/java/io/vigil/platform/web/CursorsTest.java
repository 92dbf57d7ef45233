package io.vigil.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;

/** A listing continues exactly where its previous page ended, and refuses another listing's cursor. */
class CursorsTest {

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"0", "12345", "2026-01-31T12:00:00Z|evt-17", "with:colons:inside", "ünïcødé", ""})
    void cursorLeadsBackToThePositionItWasMadeFrom(String position) {
        String cursor = Cursors.encode("status-history", position);

        assertThat(Cursors.decode("status-history", cursor)).isEqualTo(position);
    }

    @Test
    void cursorIsOpaqueAndSafeInAUrl() {
        String cursor = Cursors.encode("status-history", "2026-01-31T12:00:00Z|evt-17?&=/+");

        assertThat(cursor).matches("[A-Za-z0-9_-]+").doesNotContain("status-history");
    }

    @Test
    void numericCursorLeadsBackToItsNumber() {
        assertThat(Cursors.decodeLong("targets", Cursors.encode("targets", "4000"))).isEqualTo(4000L);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("foreignCursors")
    void cursorThatThisListingDidNotIssueIsABadRequest(String situation, String cursor) {
        ApiProblem problem = badRequest(() -> Cursors.decode("targets", cursor));
        assertThat(problem.getMessage()).contains("nextCursor");
    }

    static Stream<Arguments> foreignCursors() {
        return Stream.of(
                Arguments.of("another listing's cursor", Cursors.encode("status-history", "42")),
                Arguments.of("a listing whose name starts the same", Cursors.encode("targets2", "42")),
                Arguments.of("a bare number", "42"),
                Arguments.of("not base64url", "%%%not a cursor%%%"),
                Arguments.of("base64 of text without a kind", Base64.getUrlEncoder()
                        .encodeToString("42".getBytes(StandardCharsets.UTF_8))));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"forty-two", "4.5", "", "99999999999999999999"})
    void numericCursorWithoutANumberIsABadRequest(String position) {
        badRequest(() -> Cursors.decodeLong("targets", Cursors.encode("targets", position)));
    }

    /** What the client gets: a 400 problem document; answers it for checking the detail. */
    private static ApiProblem badRequest(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(ApiProblem.class);
        ApiProblem problem = (ApiProblem) thrown;
        assertThat(problem.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        return problem;
    }
}
