package io.vigil.platform.web;

import java.io.IOException;

/** Raised while reading a request body that grew past the limit without announcing its length. */
public class BodyTooLargeException extends IOException {
    public BodyTooLargeException(long limit) {
        super("The request body is larger than the limit of " + limit + " bytes.");
    }
}
