package io.vigil.kernel.listing;

import java.util.function.Predicate;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * The listing calls' {@code filter}: a literal substring, or with {@code regex=true} an RE2 expression.
 * RE2 runs in time linear in the input, so a user's {@code (a+)+$} cannot stall a query thread.
 */
public final class TextFilter implements Predicate<String> {

    public static final int MAX_LENGTH = 200;
    private static final TextFilter NONE = new TextFilter(null, null);

    private final String literal;
    private final Pattern pattern;

    private TextFilter(String literal, Pattern pattern) {
        this.literal = literal;
        this.pattern = pattern;
    }

    /**
     * @throws InvalidFilterException with a message a person can act on (the parser's, for a regex)
     */
    public static TextFilter of(String filter, boolean regex, boolean ignoreCase) {
        if (filter == null || filter.isEmpty()) {
            return NONE;
        }
        if (filter.length() > MAX_LENGTH) {
            throw new InvalidFilterException("filter is " + filter.length() + " characters long; at most "
                    + MAX_LENGTH + " are allowed");
        }
        if (!regex) {
            return ignoreCase
                    ? new TextFilter(null, Pattern.compile(Pattern.quote(filter), Pattern.CASE_INSENSITIVE))
                    : new TextFilter(filter, null);
        }
        try {
            return new TextFilter(null, Pattern.compile(filter, ignoreCase ? Pattern.CASE_INSENSITIVE : 0));
        } catch (PatternSyntaxException e) {
            throw new InvalidFilterException("invalid regular expression: " + e.getMessage());
        }
    }

    public boolean matchesAll() {
        return literal == null && pattern == null;
    }

    @Override
    public boolean test(String text) {
        if (text == null) {
            return matchesAll();
        }
        if (literal != null) {
            return text.contains(literal);
        }
        return pattern == null || pattern.matcher(text).find();
    }

    public static final class InvalidFilterException extends IllegalArgumentException {
        public InvalidFilterException(String message) {
            super(message);
        }
    }
}
