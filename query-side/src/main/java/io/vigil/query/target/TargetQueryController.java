package io.vigil.query.target;

import java.util.Objects;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.vigil.kernel.listing.Window;
import io.vigil.kernel.query.TargetQueries.FetchStatusHistory;
import io.vigil.kernel.query.TargetQueries.FetchTargets;
import io.vigil.kernel.query.TargetQueries.FindTarget;
import io.vigil.kernel.query.TargetQueries.StatusHistory;
import io.vigil.kernel.query.TargetQueries.TargetList;
import io.vigil.kernel.query.TargetQueries.TargetView;
import io.vigil.platform.security.Person;
import io.vigil.platform.security.TargetAccess;
import io.vigil.platform.web.Answers;
import io.vigil.platform.web.ApiProblem;
import io.vigil.platform.web.Cursors;
import io.vigil.platform.web.Windows;

/** Read API v1 (DESIGN §4b) for targets, their deployments and the status history. */
@RestController
@RequestMapping("/api/v1")
public class TargetQueryController {

    private static final String TARGETS_CURSOR = "targets";

    private final QueryGateway queries;
    private final TargetAccess access;

    public TargetQueryController(QueryGateway queries, TargetAccess access) {
        this.queries = queries;
        this.access = access;
    }

    @GetMapping("/targets")
    public TargetList targets(@RequestParam(required = false) Integer limit,
                              @RequestParam(required = false) String cursor) {
        String organisation = access.listScope().orElse(null);
        int size = limit == null ? Window.MAX_LIMIT : limit;
        if (size < 1 || size > Window.MAX_LIMIT) {
            throw ApiProblem.badRequest("limit must be between 1 and " + Window.MAX_LIMIT);
        }
        long offset = cursor == null || cursor.isBlank() ? 0 : Cursors.decodeLong(TARGETS_CURSOR, cursor);
        if (offset < 0 || offset > Integer.MAX_VALUE) {
            throw ApiProblem.badRequest("cursor is not a cursor of this listing; use nextCursor from a previous page");
        }
        TargetList list = Answers.join(queries.query(new FetchTargets(size, (int) offset, organisation), TargetList.class));
        return new TargetList(list.items(),
                list.nextCursor() == null ? null : Cursors.encode(TARGETS_CURSOR, list.nextCursor()));
    }

    @GetMapping("/targets/{targetId}")
    public TargetView target(@PathVariable String targetId) {
        Person caller = access.requireRead(targetId);
        return Answers.join(queries.query(new FindTarget(targetId), ResponseTypes.optionalInstanceOf(TargetView.class)))
                // the view carries its organisation too: a customer never gets another's target
                .filter(view -> caller.vendor() || Objects.equals(view.organisationId(), caller.organisationId()))
                .orElseThrow(() -> ApiProblem.notFound("Target", targetId));
    }

    @GetMapping("/deployments/{deploymentId}/status-history")
    public StatusHistory statusHistory(@PathVariable String deploymentId,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String filter, @RequestParam(defaultValue = "false") boolean regex,
            @RequestParam(defaultValue = "false") boolean ignoreCase,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        Person caller = access.requireReadDeployment(deploymentId);
        Window window = Windows.of(from, to, filter, regex, ignoreCase, limit, cursor);
        String organisation = caller.vendor() ? null : caller.organisationId();
        return Answers.join(queries.query(new FetchStatusHistory(deploymentId, window, organisation),
                        ResponseTypes.optionalInstanceOf(StatusHistory.class)))
                .orElseThrow(() -> ApiProblem.notFound("Deployment", deploymentId));
    }
}
