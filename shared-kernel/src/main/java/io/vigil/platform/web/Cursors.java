package io.vigil.platform.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque cursors: the position a listing continues from, base64url-encoded with a kind prefix so a
 * cursor of one listing is refused by another instead of being misread.
 */
public final class Cursors {

    private Cursors() {
    }

    public static String encode(String kind, String position) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((kind + ":" + position).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws ApiProblem 400 when the cursor is not one this listing issued */
    public static String decode(String kind, String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(kind + ":")) {
                return text.substring(kind.length() + 1);
            }
        } catch (IllegalArgumentException e) {
            // fall through to the refusal
        }
        throw ApiProblem.badRequest("cursor is not a cursor of this listing; use nextCursor from a previous page");
    }

    public static long decodeLong(String kind, String cursor) {
        try {
            return Long.parseLong(decode(kind, cursor));
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("cursor is not a cursor of this listing; use nextCursor from a previous page");
        }
    }
}
