package io.vigil.kernel.query;

import java.time.Instant;
import java.util.List;

/** Queries about logs and container resources (issue 3), and the views that answer them. */
public final class LogQueries {

    private LogQueries() {
    }

    /**
     * One stored log line; {@code revisionId} is null for the agent's own log. {@code id} is opaque and
     * stable: the same line read twice (a page, a refresh, the live tail) has the same id within its stream.
     */
    public record LogLine(String id, Instant timestamp, String severity, String resource, String revisionId,
                          String body) {}

    /**
     * A page of log lines, newest first. {@code nextCursor} continues with older lines (null at the end);
     * {@code newerCursor} asks for lines newer than this page (the viewer's auto-refresh).
     */
    public record LogPage(List<LogLine> items, String nextCursor, String newerCursor) {}

    public record FetchDeploymentResources(String deploymentId) {}

    /** A container resource with the revisions it logged in (newest first) and when it was seen. */
    public record ResourceView(String name, List<String> revisionIds, int newestRevisionNumber,
                               Instant firstSeenAt, Instant lastSeenAt) {}

    /** Active: logged in one of the newest {@code vigil.logs.active-revisions} revisions; archived: only older. */
    public record DeploymentResources(List<ResourceView> active, List<ResourceView> archived) {}
}
