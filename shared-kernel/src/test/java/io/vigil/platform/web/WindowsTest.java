package io.vigil.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.stream.Stream;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;

import io.vigil.kernel.listing.TextFilter.InvalidFilterException;
import io.vigil.kernel.listing.Window;

/** The listing calls' shared parameters are checked at the edge (DESIGN §4b); mistakes are 400s. */
class WindowsTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("timestamps")
    void rfc3339TimestampIsAccepted(String text, Instant instant) {
        Window window = Windows.of(text, null, null, false, false, null, null);

        assertThat(window.from()).isEqualTo(instant);
    }

    static Stream<Arguments> timestamps() {
        return Stream.of(
                Arguments.of("2026-01-31T12:00:00Z", Instant.parse("2026-01-31T12:00:00Z")),
                Arguments.of("2026-01-31T12:00:00.250Z", Instant.parse("2026-01-31T12:00:00.250Z")),
                Arguments.of("2026-01-31t12:00:00z", Instant.parse("2026-01-31T12:00:00Z")),
                Arguments.of("2026-01-31T13:00:00+01:00", Instant.parse("2026-01-31T12:00:00Z")),
                Arguments.of("2026-01-31T07:30:00-04:30", Instant.parse("2026-01-31T12:00:00Z")));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"yesterday", "2026-01-31", "2026-01-31T12:00:00", "1769860800", "2026-13-01T00:00:00Z"})
    void timestampThatIsNotRfc3339IsABadRequestNamingTheParameter(String text) {
        ApiProblem problem = badRequest(() -> Windows.of(null, text, null, false, false, null, null));
        assertThat(problem.getMessage()).startsWith("to ").contains("RFC 3339").contains(text);
    }

    @Test
    void missingParametersMeanAnUnboundedWindowOfTheDefaultSize() {
        Window window = Windows.of(null, " ", null, false, false, null, "");

        assertThat(window.from()).isNull();
        assertThat(window.to()).isNull();
        assertThat(window.limit()).isEqualTo(Window.DEFAULT_LIMIT);
        assertThat(window.cursor()).isNull();
        assertThat(window.contains(Instant.EPOCH)).isTrue();
    }

    @Test
    void windowIncludesItsStartAndExcludesItsEnd() {
        Window window = Windows.of("2026-01-31T12:00:00Z", "2026-01-31T13:00:00Z", null, false, false, null, null);

        assertThat(window.contains(Instant.parse("2026-01-31T12:00:00Z"))).isTrue();
        assertThat(window.contains(Instant.parse("2026-01-31T12:59:59.999Z"))).isTrue();
        assertThat(window.contains(Instant.parse("2026-01-31T13:00:00Z"))).isFalse();
        assertThat(window.contains(Instant.parse("2026-01-31T11:59:59.999Z"))).isFalse();
    }

    @ParameterizedTest(name = "from {0} to {1}")
    @MethodSource("emptyWindows")
    void fromThatIsNotBeforeToIsABadRequest(String from, String to) {
        ApiProblem problem = badRequest(() -> Windows.of(from, to, null, false, false, null, null));
        assertThat(problem.getMessage()).isEqualTo("from must be before to");
    }

    static Stream<Arguments> emptyWindows() {
        return Stream.of(
                Arguments.of("2026-01-31T12:00:00Z", "2026-01-31T12:00:00Z"),
                Arguments.of("2026-01-31T13:00:00+01:00", "2026-01-31T12:00:00Z"),
                Arguments.of("2026-01-31T12:00:01Z", "2026-01-31T12:00:00Z"));
    }

    @ParameterizedTest(name = "limit {0}")
    @ValueSource(ints = {1, 100, 1000})
    void limitWithinBoundsIsKept(int limit) {
        assertThat(Windows.of(null, null, null, false, false, limit, null).limit()).isEqualTo(limit);
    }

    @ParameterizedTest(name = "limit {0}")
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 1001, Integer.MAX_VALUE})
    void limitOutOfBoundsIsABadRequest(int limit) {
        ApiProblem problem = badRequest(() -> Windows.of(null, null, null, false, false, limit, null));
        assertThat(problem.getMessage()).isEqualTo("limit must be between 1 and 1000");
    }

    @Test
    void invalidRegexIsRefusedBeforeAnyQueryRuns() {
        assertThatThrownBy(() -> Windows.of(null, null, "(unclosed", true, false, null, null))
                .isInstanceOf(InvalidFilterException.class)
                .hasMessageContaining("invalid regular expression");
    }

    @Test
    void filterSettingsAndCursorAreCarriedThrough() {
        Window window = Windows.of(null, null, "exited", true, true, 50, "abc");

        assertThat(window.filter()).isEqualTo("exited");
        assertThat(window.regex()).isTrue();
        assertThat(window.ignoreCase()).isTrue();
        assertThat(window.cursor()).isEqualTo("abc");
        assertThat(window.textFilter().test("Container EXITED")).isTrue();
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
