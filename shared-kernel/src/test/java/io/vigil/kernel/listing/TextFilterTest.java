package io.vigil.kernel.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import io.vigil.kernel.listing.TextFilter.InvalidFilterException;

/** The listing calls' filter (DESIGN §4b): literal by default, RE2 with regex=true. */
class TextFilterTest {

    @ParameterizedTest(name = "filter \"{0}\" regex={1} ignoreCase={2} on \"{3}\" -> {4}")
    @MethodSource("matches")
    void filterMatchesAsTheUserMeantIt(String filter, boolean regex, boolean ignoreCase, String text,
                                       boolean expected) {
        assertThat(TextFilter.of(filter, regex, ignoreCase).test(text)).isEqualTo(expected);
    }

    static Stream<Arguments> matches() {
        return Stream.of(
                // a plain filter is a literal substring: regex metacharacters mean themselves
                Arguments.of("a.c", false, false, "abc", false),
                Arguments.of("a.c", false, false, "see a.c here", true),
                Arguments.of("(a+)+$", false, false, "literally (a+)+$ here", true),
                Arguments.of("[error]", false, false, "e", false),
                Arguments.of("Error", false, false, "container exited with error", false),
                Arguments.of("Error", false, true, "container exited with ERROR", true),
                Arguments.of("A.C", false, true, "abc", false),
                Arguments.of("A.C", false, true, "x a.c y", true),
                // regex=true is an RE2 search anywhere in the text
                Arguments.of("a.c", true, false, "abc", true),
                Arguments.of("^exit(ed)? code [1-9]", true, false, "exited code 137", true),
                Arguments.of("^exit(ed)? code [1-9]", true, false, "container exited code 1", false),
                Arguments.of("healthcheck", true, false, "HEALTHCHECK failed", false),
                Arguments.of("healthcheck", true, true, "HEALTHCHECK failed", true));
    }

    @Test
    void absentFilterMatchesEverythingIncludingMissingText() {
        for (String none : new String[] {null, ""}) {
            TextFilter filter = TextFilter.of(none, true, true);
            assertThat(filter.matchesAll()).isTrue();
            assertThat(filter.test("anything")).isTrue();
            assertThat(filter.test(null)).isTrue();
        }
    }

    @Test
    void realFilterDoesNotMatchMissingText() {
        assertThat(TextFilter.of("x", false, false).matchesAll()).isFalse();
        assertThat(TextFilter.of("x", false, false).test(null)).isFalse();
        assertThat(TextFilter.of("x", true, true).test(null)).isFalse();
    }

    @Test
    void filterOf200CharactersIsAccepted() {
        assertThat(TextFilter.of("a".repeat(200), false, false).test("a".repeat(300))).isTrue();
    }

    @ParameterizedTest(name = "regex={0}")
    @ValueSource(booleans = {false, true})
    void filterLongerThan200CharactersIsRefused(boolean regex) {
        assertThatThrownBy(() -> TextFilter.of("a".repeat(201), regex, false))
                .isInstanceOf(InvalidFilterException.class)
                .hasMessageContaining("201")
                .hasMessageContaining("200");
    }

    @Test
    void invalidRegexIsRefusedWithTheParsersExplanation() {
        PatternSyntaxException parser = catchThrowableOfType(PatternSyntaxException.class,
                () -> Pattern.compile("(unclosed"));

        assertThatThrownBy(() -> TextFilter.of("(unclosed", true, false))
                .isInstanceOf(InvalidFilterException.class)
                .hasMessageContaining(parser.getMessage());
    }

    @Test
    void sameTextIsAValidLiteralFilter() {
        assertThat(TextFilter.of("(unclosed", false, false).test("a (unclosed paren")).isTrue();
    }

    @Test
    void catastrophicBacktrackingPatternCannotStallAQuery() {
        TextFilter filter = TextFilter.of("(a+)+$", true, false);

        assertThat(filter.test("a".repeat(50_000) + "!")).isFalse();
        assertThat(filter.test("a".repeat(50_000))).isTrue();
    }
}
