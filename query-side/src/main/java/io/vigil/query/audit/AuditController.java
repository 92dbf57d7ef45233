package io.vigil.query.audit;

import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.vigil.kernel.listing.Window;
import io.vigil.kernel.query.AuditQueries.AuditTrail;
import io.vigil.kernel.query.AuditQueries.FetchAuditTrail;
import io.vigil.platform.security.TargetAccess;
import io.vigil.platform.web.Answers;
import io.vigil.platform.web.ApiProblem;
import io.vigil.platform.web.Windows;

/**
 * {@code GET /api/v1/audit?target&actor&from&to&limit&cursor}: who did what, newest first. Vendor users
 * see the whole trail; customer users see the actions on their organisation's targets and people.
 */
@RestController
@RequestMapping("/api/v1")
public class AuditController {

    private final QueryGateway queries;
    private final TargetAccess access;

    public AuditController(QueryGateway queries, TargetAccess access) {
        this.queries = queries;
        this.access = access;
    }

    @GetMapping("/audit")
    public AuditTrail audit(@RequestParam(required = false) String target, @RequestParam(required = false) String actor,
                            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                            @RequestParam(required = false) Integer limit,
                            @RequestParam(required = false) String cursor) {
        String organisation = access.listScope().orElse(null);
        if (target != null && (target.isBlank() || target.length() > 100)
                || actor != null && (actor.isBlank() || actor.length() > 100)) {
            throw ApiProblem.badRequest("target and actor, when given, are an id and a user name of at most 100 characters");
        }
        if (target != null && organisation != null) {
            access.requireRead(target);
        }
        Window window = Windows.of(from, to, null, false, false, limit, cursor);
        return Answers.join(queries.query(new FetchAuditTrail(target, actor, organisation, window), AuditTrail.class));
    }
}
