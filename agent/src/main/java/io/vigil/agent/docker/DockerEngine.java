package io.vigil.agent.docker;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import io.vigil.agent.ship.LogPosition;

/**
 * The Docker Engine API as the agent uses it (through docker-java, over the unix socket): the
 * containers of a Compose project, their state, and their log since a position.
 */
public final class DockerEngine implements Closeable {

    public static final String PROJECT_LABEL = "com.docker.compose.project";
    public static final String SERVICE_LABEL = "com.docker.compose.service";
    public static final String NUMBER_LABEL = "com.docker.compose.container-number";
    public static final String DEPLOYMENT_LABEL = "io.vigil.deployment-id";
    public static final String REVISION_LABEL = "io.vigil.revision-id";

    private final DockerClient docker;

    public DockerEngine(String dockerHost) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost).build();
        DockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .maxConnections(16)
                .connectionTimeout(Duration.ofSeconds(10))
                .responseTimeout(Duration.ofSeconds(60))
                .build();
        this.docker = DockerClientImpl.getInstance(config, http);
    }

    /** One container of a deployment, with what the health rule and the log reader need. */
    public record ProjectContainer(String id, String resource, String revisionId, ContainerState state) {}

    /** The containers (running or not) of the Compose project named after the deployment. */
    public List<ProjectContainer> containers(String deploymentId) {
        List<ProjectContainer> result = new ArrayList<>();
        List<Container> listed = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(PROJECT_LABEL, deploymentId)).exec();
        for (Container c : listed) {
            InspectContainerResponse inspected;
            try {
                inspected = docker.inspectContainerCmd(c.getId()).exec();
            } catch (NotFoundException gone) {
                continue; // removed between list and inspect
            }
            var state = inspected.getState();
            String health = state.getHealth() == null ? null : state.getHealth().getStatus();
            Long exit = state.getExitCodeLong();
            Integer restarts = inspected.getRestartCount();
            Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
            String resource = resource(labels, c.getNames());
            result.add(new ProjectContainer(c.getId(), resource, labels.get(REVISION_LABEL),
                    new ContainerState(resource, state.getStatus(), health, exit == null ? 0 : exit.intValue(),
                            restarts == null ? 0 : restarts)));
        }
        return result;
    }

    /** Compose service and replica ({@code backend-1}); the container name for anything else. */
    static String resource(Map<String, String> labels, String[] names) {
        String service = labels.get(SERVICE_LABEL);
        if (service != null) {
            return service + "-" + labels.getOrDefault(NUMBER_LABEL, "1");
        }
        String name = names == null || names.length == 0 ? "container" : names[0];
        return name.startsWith("/") ? name.substring(1) : name;
    }

    /** A log line: its container timestamp, stream (stdout/stderr) and text. */
    public record LogLine(Instant timestamp, String stream, String body) {}

    /**
     * The container's log lines after {@code from} (null: from the start), at most {@code max} of them,
     * with the position reached. Reads from the second of the position ({@code since} is whole seconds
     * here) and skips what was taken already.
     */
    public List<LogLine> logsAfter(String containerId, LogPosition from, int max, LogPosition.Filter filter)
            throws InterruptedException {
        List<LogLine> lines = new ArrayList<>();
        var command = docker.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withTimestamps(true);
        if (from != null) {
            command.withSince((int) from.timestamp().getEpochSecond());
        }
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                if (lines.size() >= max) {
                    return;
                }
                String text = new String(frame.getPayload(), StandardCharsets.UTF_8);
                String stream = frame.getStreamType() == StreamType.STDERR ? "stderr" : "stdout";
                for (String line : text.split("\n")) {
                    int space = line.indexOf(' ');
                    if (space <= 0) {
                        continue;
                    }
                    Instant t;
                    try {
                        t = Instant.parse(line.substring(0, space));
                    } catch (RuntimeException e) {
                        continue;
                    }
                    if (lines.size() < max && filter.accept(t)) {
                        String body = line.substring(space + 1);
                        lines.add(new LogLine(t, stream, body.endsWith("\r") ? body.substring(0, body.length() - 1) : body));
                    }
                }
            }
        };
        try {
            command.exec(callback).awaitCompletion();
        } catch (NotFoundException gone) {
            return lines;
        }
        return lines;
    }

    public void ping() {
        docker.pingCmd().exec();
    }

    @Override
    public void close() throws IOException {
        docker.close();
    }
}
