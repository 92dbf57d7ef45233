package io.vigil.platform.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import io.vigil.kernel.listing.TextFilter;
import io.vigil.kernel.listing.Window;

/** Parses and validates the listing calls' shared parameters at the edge (DESIGN §4b). */
public final class Windows {

    private Windows() {
    }

    public static Window of(String from, String to, String filter, boolean regex, boolean ignoreCase, Integer limit,
                            String cursor) {
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (start != null && end != null && !start.isBefore(end)) {
            throw ApiProblem.badRequest("from must be before to");
        }
        int size = limit == null ? Window.DEFAULT_LIMIT : limit;
        if (size < 1 || size > Window.MAX_LIMIT) {
            throw ApiProblem.badRequest("limit must be between 1 and " + Window.MAX_LIMIT);
        }
        TextFilter.of(filter, regex, ignoreCase); // validates now: an invalid regex is a 400 with the parser's message
        return new Window(start, end, filter, regex, ignoreCase, size, cursor == null || cursor.isBlank() ? null : cursor);
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest(name + " must be an RFC 3339 timestamp such as 2026-01-31T12:00:00Z, not '"
                    + value + "'");
        }
    }
}
