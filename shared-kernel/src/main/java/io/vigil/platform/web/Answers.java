package io.vigil.platform.web;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Waits for a query gateway answer and rethrows a refusal raised inside the query handler (an
 * {@link ApiProblem} or an invalid filter) as itself, so it reaches the client as a 4xx, not a 500.
 */
public final class Answers {

    private Answers() {
    }

    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ApiProblem || t instanceof IllegalArgumentException) {
                    throw (RuntimeException) t;
                }
            }
            throw e;
        }
    }
}
