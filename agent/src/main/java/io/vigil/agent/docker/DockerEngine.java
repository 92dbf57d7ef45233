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
     * The container's log lines after the positions of its two streams, at most {@code max} of them. Each
     * stream has its own position because Docker timestamps stdout and stderr in separate copiers: within
     * a stream timestamps only grow, across the two they may interleave out of order in the log file.
     * Reads from the second of the older position ({@code since} is whole seconds here); the filters skip
     * what was taken already and advance past what is new.
     */
    public List<LogLine> logsAfter(String containerId, LogPosition.Filter stdout, LogPosition.Filter stderr, int max)
            throws InterruptedException {
        List<LogLine> lines = new ArrayList<>();
        var command = docker.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withTimestamps(true);
        if (stdout.from() != null && stderr.from() != null) {
            Instant older = stdout.from().timestamp().isBefore(stderr.from().timestamp())
                    ? stdout.from().timestamp() : stderr.from().timestamp();
            command.withSince((int) older.getEpochSecond());
        }
        LineAssembler out = new LineAssembler("stdout", stdout, lines, max);
        LineAssembler err = new LineAssembler("stderr", stderr, lines, max);
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                (frame.getStreamType() == StreamType.STDERR ? err : out).append(frame.getPayload());
            }
        };
        try {
            command.exec(callback).awaitCompletion();
        } catch (NotFoundException gone) {
            return lines;
        }
        out.finish();
        err.finish();
        return lines;
    }

    /**
     * Frames from the Engine API do not always end at line ends (a long answer arrives in pieces), so
     * each stream's bytes are joined and cut at newlines before a line is read: {@code <RFC 3339 time> <text>}.
     */
    private static final class LineAssembler {
        private final String stream;
        private final LogPosition.Filter filter;
        private final List<LogLine> lines;
        private final int max;
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

        LineAssembler(String stream, LogPosition.Filter filter, List<LogLine> lines, int max) {
            this.stream = stream;
            this.filter = filter;
            this.lines = lines;
            this.max = max;
        }

        void append(byte[] payload) {
            int start = 0;
            for (int i = 0; i < payload.length; i++) {
                if (payload[i] == '\n') {
                    pending.write(payload, start, i - start);
                    line(pending.toString(StandardCharsets.UTF_8));
                    pending.reset();
                    start = i + 1;
                }
            }
            pending.write(payload, start, payload.length - start);
        }

        void finish() {
            if (pending.size() > 0) {
                line(pending.toString(StandardCharsets.UTF_8));
                pending.reset();
            }
        }

        private void line(String line) {
            int space = line.indexOf(' ');
            if (space <= 0 || lines.size() >= max) {
                return;
            }
            Instant t;
            try {
                t = Instant.parse(line.substring(0, space));
            } catch (RuntimeException e) {
                return;
            }
            if (filter.accept(t)) {
                String body = line.substring(space + 1);
                lines.add(new LogLine(t, stream, body.endsWith("\r") ? body.substring(0, body.length() - 1) : body));
            }
        }
    }

    public void ping() {
        docker.pingCmd().exec();
    }

    @Override
    public void close() throws IOException {
        docker.close();
    }
}
