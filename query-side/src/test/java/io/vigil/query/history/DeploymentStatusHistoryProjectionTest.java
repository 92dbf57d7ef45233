package io.vigil.query.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vigil.kernel.deployment.DeploymentEvent.DeploymentCreated;
import io.vigil.kernel.deployment.DeploymentEvent.DeploymentStatusChanged;
import io.vigil.kernel.deployment.DeploymentStatus;
import io.vigil.kernel.listing.TextFilter.InvalidFilterException;
import io.vigil.kernel.listing.Window;
import io.vigil.kernel.query.TargetQueries.FetchStatusHistory;
import io.vigil.kernel.query.TargetQueries.StatusHistory;
import io.vigil.kernel.query.TargetQueries.StatusTransition;
import io.vigil.kernel.target.TargetEvent.TargetAssigned;
import io.vigil.kernel.target.TargetEvent.TargetRegistered;
import io.vigil.kernel.target.TargetType;
import io.vigil.platform.web.ApiProblem;
import io.vigil.testing.MongoForTests;

class DeploymentStatusHistoryProjectionTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final DeploymentStatus[] CYCLE = {DeploymentStatus.HEALTHY, DeploymentStatus.ERROR,
            DeploymentStatus.STALE, DeploymentStatus.RUNNING};

    private MongoForTests mongo;
    private DeploymentStatusHistoryProjection projection;

    @BeforeEach
    void setUp() {
        mongo = new MongoForTests();
        projection = new DeploymentStatusHistoryProjection(mongo.template());
        projection.on(new DeploymentCreated("dep", "target", "shop", true, "admin"));
    }

    @AfterEach
    void tearDown() {
        mongo.close();
    }

    /** Transitions 0..n-1 a minute apart, at sequence numbers 2.. (0 and 1 are creation and revision). */
    private void transitions(int n) {
        DeploymentStatus previous = DeploymentStatus.NO_STATUS;
        for (int i = 0; i < n; i++) {
            DeploymentStatus status = CYCLE[i % CYCLE.length];
            projection.on(new DeploymentStatusChanged("dep", "target", "rev-1", previous, status, "message " + i, 0),
                    T0.plusSeconds(60L * i), i + 2);
            previous = status;
        }
    }

    private StatusHistory fetch(Instant from, Instant to, String filter, boolean regex, int limit, String cursor) {
        return projection.handle(new FetchStatusHistory("dep", new Window(from, to, filter, regex, false, limit, cursor)))
                .orElseThrow();
    }

    private static List<String> messages(List<StatusTransition> items) {
        return items.stream().map(StatusTransition::message).toList();
    }

    @Test
    void aCustomerReadsTheHistoryOnlyWhileTheDeploymentsTargetIsItsOrganisations() {
        projection.on(new TargetRegistered("t2", "edge", TargetType.DOCKER, null, "h", 1, "admin", "org-a"));
        projection.on(new DeploymentCreated("dep2", "t2", "shop", true, "admin"));
        Window all = new Window(null, null, null, false, false, 100, null);
        assertThat(projection.handle(new FetchStatusHistory("dep2", all, "org-a"))).isPresent();
        assertThat(projection.handle(new FetchStatusHistory("dep2", all, "org-b"))).isEmpty();
        assertThat(projection.handle(new FetchStatusHistory("dep", all, "org-a"))).as("a vendor target's").isEmpty();

        projection.on(new TargetAssigned("t2", "org-b", "org-a", "admin"));
        assertThat(projection.handle(new FetchStatusHistory("dep2", all, "org-a"))).isEmpty();
        assertThat(projection.handle(new FetchStatusHistory("dep2", all, "org-b"))).isPresent();
        assertThat(projection.handle(new FetchStatusHistory("dep2", all, null))).as("vendor users").isPresent();
    }

    @Test
    void aDeploymentThatHasNotReportedYetHasAnEmptyHistory() {
        StatusHistory page = fetch(null, null, null, false, 100, null);
        assertThat(page.items()).isEmpty();
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void historyIsNewestFirstWithTimesFromTheEvents() {
        transitions(3);
        StatusHistory page = fetch(null, null, null, false, 100, null);
        assertThat(messages(page.items())).containsExactly("message 2", "message 1", "message 0");
        assertThat(page.items().get(0).at()).isEqualTo(T0.plusSeconds(120));
        assertThat(page.items().get(2).previousStatus()).isEqualTo(DeploymentStatus.NO_STATUS);
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void handlingAnEventTwiceLeavesTheHistoryUnchanged() {
        transitions(3);
        var before = projection.documents();
        projection.on(new DeploymentStatusChanged("dep", "target", "rev-1", DeploymentStatus.HEALTHY,
                DeploymentStatus.ERROR, "message 1", 0), T0.plusSeconds(60), 3);
        assertThat(projection.documents()).isEqualTo(before);
    }

    @Test
    void pagesFollowEachOtherWithoutGapsOrDuplicates() {
        transitions(700);
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            StatusHistory page = fetch(null, null, null, false, 97, cursor);
            seen.addAll(messages(page.items()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(seen).hasSize(700).doesNotHaveDuplicates();
        assertThat(seen.get(0)).isEqualTo("message 699");
        assertThat(seen.get(699)).isEqualTo("message 0");
    }

    @Test
    void windowAndFiltersSelectTransitions() {
        transitions(40);
        StatusHistory window = fetch(T0.plusSeconds(600), T0.plusSeconds(900), null, false, 100, null);
        assertThat(messages(window.items())).containsExactly("message 14", "message 13", "message 12",
                "message 11", "message 10");

        StatusHistory errors = fetch(null, null, "ERROR", false, 100, null);
        assertThat(errors.items()).hasSize(10).allMatch(t -> t.status() == DeploymentStatus.ERROR);

        StatusHistory regex = fetch(null, null, "^message 3[0-2]$", true, 100, null);
        assertThat(messages(regex.items())).containsExactly("message 32", "message 31", "message 30");

        StatusHistory literal = fetch(null, null, "message 3.", false, 100, null);
        assertThat(literal.items()).as("a plain filter is a literal, not a pattern").isEmpty();
    }

    @Test
    void aFilterThatMatchesRarelyStillFillsThePageAcrossBatches() {
        transitions(1000);
        StatusHistory page = fetch(null, null, "message 1", false, 3, null);
        assertThat(messages(page.items())).containsExactly("message 199", "message 198", "message 197");
        StatusHistory next = fetch(null, null, "message 1", false, 1000, page.nextCursor());
        assertThat(next.items()).hasSize(111 - 3);
    }

    @Test
    void anUnknownDeploymentHasNoHistory() {
        assertThat(projection.handle(new FetchStatusHistory("nope", new Window(null, null, null, false, false, 10, null))))
                .isEmpty();
    }

    @Test
    void cursorsNotIssuedByThisListingAreRefused() {
        transitions(5);
        assertThatThrownBy(() -> fetch(null, null, null, false, 10, "garbage")).isInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> fetch(null, null, null, false, 10,
                io.vigil.platform.web.Cursors.encode("status-history", "1000000"))).isInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> fetch(null, null, "(a", true, 10, null)).isInstanceOf(InvalidFilterException.class);
    }
}
