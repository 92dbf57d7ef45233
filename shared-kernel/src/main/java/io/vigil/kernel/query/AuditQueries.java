package io.vigil.kernel.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.vigil.kernel.listing.Window;

/** The audit trail: who did what, when, to which target. */
public final class AuditQueries {

    private AuditQueries() {
    }

    /**
     * Newest first. Each filter may be null; {@code organisationId} non-null limits the trail to actions on
     * that customer organisation's targets and people (the Customer Portal).
     */
    public record FetchAuditTrail(String targetId, String actor, String organisationId, Window window) {}

    /** {@code action} is the event's name (e.g. TargetSecretRotated); {@code details} its other plain values. */
    public record AuditEntry(Instant at, String action, String actor, String targetId, String deploymentId,
                             String organisationId, Map<String, Object> details) {}

    public record AuditTrail(List<AuditEntry> items, String nextCursor) {}
}
