package io.vigil.query.logs;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vigil.kernel.listing.TextFilter;
import io.vigil.kernel.listing.Window;
import io.vigil.kernel.logs.LogRecordRules;
import io.vigil.kernel.query.LogQueries.DeploymentResources;
import io.vigil.kernel.query.LogQueries.FetchDeploymentResources;
import io.vigil.kernel.query.LogQueries.LogLine;
import io.vigil.kernel.query.LogQueries.LogPage;
import io.vigil.kernel.query.TargetQueries.FindTarget;
import io.vigil.kernel.query.TargetQueries.TargetView;
import io.vigil.platform.logs.LogLayout;
import io.vigil.platform.security.TargetAccess;
import io.vigil.platform.web.Answers;
import io.vigil.platform.web.ApiProblem;
import io.vigil.platform.web.Windows;
import io.vigil.query.logs.LogReader.Found;
import io.vigil.query.logs.LogReader.Position;

/**
 * The log viewer's API (DESIGN §4b): a target's agent log and a deployment resource's container log as
 * newest-first pages ({@code from}, {@code to}, {@code filter}, {@code regex}, {@code ignoreCase},
 * {@code limit}, {@code cursor}; {@code after=<newerCursor>} for the lines that arrived since), the
 * resources by revision, a live tail (SSE) and an export (text or NDJSON, streamed). A customer reads only
 * its own organisation's targets ({@link TargetAccess}: another's is not found).
 */
@RestController
@RequestMapping("/api/v1")
public class LogQueryController {

    public static final int MAX_EXPORT_LINES = 1_000_000;

    private final LogReader reader;
    private final LogTail tail;
    private final QueryGateway queries;
    private final DeploymentResourcesProjection resources;
    private final ObjectMapper json;
    private final TargetAccess access;

    public LogQueryController(LogReader reader, LogTail tail, QueryGateway queries,
                              DeploymentResourcesProjection resources, ObjectMapper json, TargetAccess access) {
        this.access = access;
        this.reader = reader;
        this.tail = tail;
        this.queries = queries;
        this.resources = resources;
        this.json = json;
    }

    @GetMapping("/targets/{targetId}/agent-logs")
    public LogPage agentLogs(@PathVariable String targetId, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String filter,
            @RequestParam(defaultValue = "false") boolean regex, @RequestParam(defaultValue = "false") boolean ignoreCase,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) String after) {
        access.requireRead(targetId);
        return page(agentStream(targetId), Windows.of(from, to, filter, regex, ignoreCase, limit, cursor), after);
    }

    @GetMapping("/deployments/{deploymentId}/logs")
    public LogPage containerLogs(@PathVariable String deploymentId, @RequestParam(required = false) String resource,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String filter, @RequestParam(defaultValue = "false") boolean regex,
            @RequestParam(defaultValue = "false") boolean ignoreCase, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) String after) {
        access.requireReadDeployment(deploymentId);
        return page(containerStream(deploymentId, resource),
                Windows.of(from, to, filter, regex, ignoreCase, limit, cursor), after);
    }

    @GetMapping("/deployments/{deploymentId}/resources")
    public DeploymentResources resources(@PathVariable String deploymentId) {
        access.requireReadDeployment(deploymentId);
        return Answers.join(queries.query(new FetchDeploymentResources(deploymentId),
                        ResponseTypes.optionalInstanceOf(DeploymentResources.class)))
                .orElseThrow(() -> ApiProblem.notFound("Deployment", deploymentId));
    }

    @GetMapping(path = "/targets/{targetId}/agent-logs/tail", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter tailAgentLogs(@PathVariable String targetId, @RequestParam(required = false) String filter,
            @RequestParam(defaultValue = "false") boolean regex, @RequestParam(defaultValue = "false") boolean ignoreCase) {
        access.requireRead(targetId);
        return tail.open(agentStream(targetId), TextFilter.of(filter, regex, ignoreCase));
    }

    @GetMapping(path = "/deployments/{deploymentId}/logs/tail", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter tailContainerLogs(@PathVariable String deploymentId, @RequestParam(required = false) String resource,
            @RequestParam(required = false) String filter, @RequestParam(defaultValue = "false") boolean regex,
            @RequestParam(defaultValue = "false") boolean ignoreCase) {
        access.requireReadDeployment(deploymentId);
        return tail.open(containerStream(deploymentId, resource), TextFilter.of(filter, regex, ignoreCase));
    }

    @GetMapping("/targets/{targetId}/agent-logs/export")
    public ResponseEntity<StreamingResponseBody> exportAgentLogs(@PathVariable String targetId,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String filter, @RequestParam(defaultValue = "false") boolean regex,
            @RequestParam(defaultValue = "false") boolean ignoreCase, @RequestParam(defaultValue = "text") String format,
            @RequestParam(required = false) Integer limit) {
        access.requireRead(targetId);
        return export(agentStream(targetId), "agent-" + targetId, from, to, filter, regex, ignoreCase, format, limit);
    }

    @GetMapping("/deployments/{deploymentId}/logs/export")
    public ResponseEntity<StreamingResponseBody> exportContainerLogs(@PathVariable String deploymentId,
            @RequestParam(required = false) String resource, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String filter,
            @RequestParam(defaultValue = "false") boolean regex, @RequestParam(defaultValue = "false") boolean ignoreCase,
            @RequestParam(defaultValue = "text") String format, @RequestParam(required = false) Integer limit) {
        access.requireReadDeployment(deploymentId);
        String stream = containerStream(deploymentId, resource);
        return export(stream, deploymentId + "-" + resource.replaceAll("[^A-Za-z0-9._-]", "_"), from, to, filter,
                regex, ignoreCase, format, limit);
    }

    private LogPage page(String stream, Window window, String after) {
        TextFilter filter = window.textFilter();
        List<Found> found = new ArrayList<>();
        if (after != null && !after.isBlank()) {
            if (window.cursor() != null) {
                throw ApiProblem.badRequest("give either cursor (older lines) or after (newer lines), not both");
            }
            Position since = Position.decode(after);
            // the oldest lines above the position, so repeated calls drain whatever arrived
            reader.scan(stream, window.from(), window.to(), since, null, filter, false, line -> {
                found.add(line);
                return found.size() < window.limit();
            });
            List<LogLine> items = new ArrayList<>();
            for (int i = found.size() - 1; i >= 0; i--) {
                items.add(found.get(i).line());
            }
            String newer = found.isEmpty() ? after : found.get(found.size() - 1).position().encode();
            return new LogPage(items, null, newer);
        }
        Position before = window.cursor() == null ? null : Position.decode(window.cursor());
        reader.scan(stream, window.from(), window.to(), null, before, filter, true, line -> {
            found.add(line);
            return found.size() <= window.limit(); // one more than asked tells whether older lines exist
        });
        boolean more = found.size() > window.limit();
        List<Found> page = more ? found.subList(0, window.limit()) : found;
        String next = more ? page.get(page.size() - 1).position().encode() : null;
        String newer = before != null ? null
                : page.isEmpty() ? Position.BEFORE_ALL.encode() : page.get(0).position().encode();
        return new LogPage(page.stream().map(Found::line).toList(), next, newer);
    }

    private ResponseEntity<StreamingResponseBody> export(String stream, String name, String from, String to,
            String filter, boolean regex, boolean ignoreCase, String format, Integer limit) {
        boolean ndjson = switch (format) {
            case "ndjson" -> true;
            case "text" -> false;
            default -> throw ApiProblem.badRequest("format must be text or ndjson, not '" + format + "'");
        };
        int max = limit == null ? MAX_EXPORT_LINES : limit;
        if (max < 1 || max > MAX_EXPORT_LINES) {
            throw ApiProblem.badRequest("limit must be between 1 and " + MAX_EXPORT_LINES);
        }
        Window window = Windows.of(from, to, filter, regex, ignoreCase, null, null);
        TextFilter textFilter = window.textFilter();
        StreamingResponseBody body = out -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            int[] written = {0};
            reader.scan(stream, window.from(), window.to(), null, null, textFilter, false, found -> {
                try {
                    LogLine line = found.line();
                    if (ndjson) {
                        writer.write(json.writeValueAsString(line));
                    } else {
                        writer.write(line.timestamp() + " " + (line.severity() == null ? "-" : line.severity()) + " "
                                + line.resource() + " " + line.body().replace("\n", "\\n"));
                    }
                    writer.write('\n');
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return ++written[0] < max;
            });
            writer.flush();
        };
        return ResponseEntity.ok()
                .contentType(ndjson ? MediaType.parseMediaType("application/x-ndjson") : MediaType.TEXT_PLAIN)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + (ndjson ? ".ndjson\"" : ".log\""))
                .body(body);
    }

    private String agentStream(String targetId) {
        Answers.join(queries.query(new FindTarget(targetId), ResponseTypes.optionalInstanceOf(TargetView.class)))
                .orElseThrow(() -> ApiProblem.notFound("Target", targetId));
        return LogLayout.agentStream(targetId);
    }

    private String containerStream(String deploymentId, String resource) {
        if (resource == null || resource.isBlank()) {
            throw ApiProblem.badRequest("resource is required: one of the names listed by GET /api/v1/deployments/"
                    + deploymentId + "/resources");
        }
        if (resource.length() > LogRecordRules.MAX_RESOURCE) {
            throw ApiProblem.badRequest("resource is longer than " + LogRecordRules.MAX_RESOURCE + " characters");
        }
        if (resources.targetOf(deploymentId) == null) {
            throw ApiProblem.notFound("Deployment", deploymentId);
        }
        return LogLayout.containerStream(deploymentId, resource);
    }
}
