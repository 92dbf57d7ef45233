package io.vigil.kernel.listing;

import java.time.Instant;

/**
 * The shared parameters of the listing calls (DESIGN §4b), already validated.
 * {@code from}/{@code to} may be null (unbounded); {@code cursor} is the opaque continuation or null.
 */
public record Window(Instant from, Instant to, String filter, boolean regex, boolean ignoreCase, int limit,
                     String cursor) {

    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 100;

    public boolean contains(Instant at) {
        return (from == null || !at.isBefore(from)) && (to == null || at.isBefore(to));
    }

    public TextFilter textFilter() {
        return TextFilter.of(filter, regex, ignoreCase);
    }
}
