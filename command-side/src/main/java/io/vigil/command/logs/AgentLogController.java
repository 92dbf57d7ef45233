package io.vigil.command.logs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.vigil.command.agent.AgentAuthentication;
import io.vigil.command.agent.AgentAuthentication.AgentPrincipal;
import io.vigil.command.agent.AgentDirectory;
import io.vigil.command.agent.AgentDirectory.DeploymentEntry;
import io.vigil.command.logs.ResourceObserver.Observation;
import io.vigil.kernel.logs.LogRecordRules;
import io.vigil.kernel.logs.LogRecordRules.CleanRecord;
import io.vigil.kernel.protocol.AgentProtocol;
import io.vigil.kernel.protocol.AgentProtocol.LogBatch;
import io.vigil.kernel.protocol.AgentProtocol.LogBatchResponse;
import io.vigil.kernel.protocol.AgentProtocol.LogRecord;
import io.vigil.kernel.protocol.AgentProtocol.RejectedRecord;
import io.vigil.kernel.protocol.BinaryLogBatch;
import io.vigil.platform.VigilProperties;
import io.vigil.platform.web.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /api/agent/v1/logs} (DESIGN §4): an agent's batch of log lines. Agent records (no
 * deploymentId) are always accepted; container records need a deployment of this target with log
 * collection on. Refused records are listed with a reason each, the others are stored exactly once
 * (a retried batchId addresses the same chunks). Authentication happens in {@link AgentAuthentication}.
 */
@RestController
@RequestMapping(AgentProtocol.BASE_PATH)
public class AgentLogController {

    private final AgentDirectory directory;
    private final LogWriter writer;
    private final ResourceObserver resources;
    private final Clock clock;
    private final VigilProperties properties;
    private final ObjectMapper json;

    public AgentLogController(AgentDirectory directory, LogWriter writer, ResourceObserver resources, Clock clock,
                              VigilProperties properties, ObjectMapper json) {
        this.directory = directory;
        this.writer = writer;
        this.resources = resources;
        this.clock = clock;
        this.properties = properties;
        this.json = json;
    }

    /**
     * A batch as JSON, or in the binary form Vigil's agent sends (docs/DECISIONS.md, "A binary form for log
     * batches"); either way the same records, refusals and answer.
     */
    @ApiResponse(responseCode = "200", description = "How many records were stored, and each refused one with a reason",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = LogBatchResponse.class)))
    @PostMapping(path = "/logs", consumes = {MediaType.APPLICATION_JSON_VALUE, BinaryLogBatch.CONTENT_TYPE})
    public void logs(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Batches arrive through LogIngestFilter, ahead of this mapping. The mapping stays so that Spring MVC
        // answers what the filter leaves to it (405, 415) and describes the endpoint; should a batch come this
        // way, it is served the same.
        receive((AgentPrincipal) request.getAttribute(AgentAuthentication.ATTRIBUTE), request, response);
    }

    /** Reads, checks and stores one batch of an authenticated agent, and answers it. */
    void receive(AgentPrincipal agent, HttpServletRequest request, HttpServletResponse response) throws IOException {
        LogBatch batch = isBinary(request.getContentType())
                ? LogBatchParser.parseBinary(request.getInputStream(), request.getContentLengthLong())
                : LogBatchParser.parse(request.getInputStream());
        answer(store(agent, batch), response);
    }

    /** Whether a content type is the binary form; otherwise it is JSON (the two this endpoint consumes). */
    static boolean isBinary(String contentType) {
        return contentType.regionMatches(true, 0, BinaryLogBatch.CONTENT_TYPE, 0, BinaryLogBatch.CONTENT_TYPE.length());
    }

    private LogBatchResponse store(AgentPrincipal agent, LogBatch batch) {
        String problem = LogRecordRules.batchProblem(batch.batchId(), batch.records(),
                batch.records() == null ? 0 : batch.records().size());
        if (problem != null) {
            throw ApiProblem.badRequest(problem);
        }
        Instant receivedAt = clock.instant();
        List<CleanRecord> accepted = new ArrayList<>(batch.records().size());
        List<RejectedRecord> rejected = new ArrayList<>();
        List<Observation> observations = new ArrayList<>();
        Map<String, Boolean> knownRevisions = new HashMap<>(); // one directory lookup per revision and batch
        for (int i = 0; i < batch.records().size(); i++) {
            LogRecord record = batch.records().get(i);
            String reason = LogRecordRules.recordProblem(record, receivedAt, properties.logs().retention());
            String revisionId = null;
            if (reason == null && record.deploymentId() != null) {
                DeploymentEntry deployment = agent.target().deployments().get(record.deploymentId());
                if (deployment == null) {
                    reason = "deployment " + record.deploymentId() + " is not a deployment of this target";
                } else if (!deployment.logCollectionEnabled()) {
                    reason = "log collection is switched off for deployment " + record.deploymentId();
                } else if (record.revisionId() != null && !knownRevisions.computeIfAbsent(
                        deployment.deploymentId() + '/' + record.revisionId(),
                        key -> directory.hasRevision(deployment, record.revisionId()))) {
                    reason = "revision " + record.revisionId() + " is not a revision of deployment "
                            + record.deploymentId();
                } else {
                    revisionId = record.revisionId() != null ? record.revisionId() : deployment.revisionId();
                }
            }
            if (reason != null) {
                rejected.add(new RejectedRecord(i, reason));
                continue;
            }
            CleanRecord clean = LogRecordRules.clean(record, revisionId, receivedAt);
            accepted.add(clean);
            Observation last = observations.isEmpty() ? null : observations.get(observations.size() - 1);
            if (clean.deploymentId() != null && (last == null || !last.sameSource(clean))) {
                // a batch is mostly lines of one resource: one observation per run of them
                observations.add(new Observation(clean.deploymentId(), revisionId, clean.resource(), clean.timestamp()));
            }
        }
        writer.write(agent.targetId(), batch.batchId(), accepted);
        resources.observe(observations);
        return new LogBatchResponse(accepted.size(), rejected);
    }

    /**
     * Written to the response directly, not through MVC's message converters (their content negotiation was
     * 4.5 % of the request threads' samples); usually nothing is refused, and that answer needs no Jackson.
     */
    private void answer(LogBatchResponse answer, HttpServletResponse response) throws IOException {
        byte[] body = answer.rejected().isEmpty()
                ? ("{\"accepted\":" + answer.accepted() + ",\"rejected\":[]}").getBytes(StandardCharsets.US_ASCII)
                : json.writeValueAsBytes(answer);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
