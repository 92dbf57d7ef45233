package io.vigil.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.agent.AgentImage;
import io.vigil.agent.ComposeFiles;
import io.vigil.agent.TestDockerEngine;
import io.vigil.agent.docker.DockerEngine;
import io.vigil.agent.host.DiskRules;
import io.vigil.agent.host.HostMetrics;

/**
 * The agent's container image, built from agent/Dockerfile with the built jar, started exactly as the
 * connect command starts it (the Compose file the hub answers, applied as project vigil-agent), against a
 * real hub and a real Docker Engine. Two things differ from a real host, in a Compose override file: the
 * engine's socket is the test engine's, and the container uses the host's network so that the hub's
 * 127.0.0.1 address (its public URL here) reaches it. Compose is Debian 12's docker-compose (v1), the only
 * one installed here: the command's {@code docker compose} arguments are given to it.
 */
class DockerAgentImageEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(150);
    private static final long USED_BYTES_SLACK = 64L * 1024 * 1024; // others write to this disk meanwhile

    @TempDir
    static Path dir;
    static TestDockerEngine docker;
    static VigilInstance vigil;
    static String hubUrl;
    static List<String> composeUp;
    static final List<String> deployments = new ArrayList<>();

    @BeforeAll
    static void start() {
        docker = TestDockerEngine.shared();
        // the image build is mostly download and dpkg: the hub starts meanwhile
        CompletableFuture<String> image = CompletableFuture.supplyAsync(() -> {
            try {
                return AgentImage.build(docker);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        int port = freePort();
        hubUrl = "http://127.0.0.1:" + port;
        vigil = VigilInstance.start(dir.resolve("hub"), Clock.systemUTC(), "--server.port=" + port,
                "--vigil.public-url=" + hubUrl, "--vigil.agent.image=" + AgentImage.TAG,
                "--vigil.agent.heartbeat-interval=1s", "--vigil.metrics.interval=1s");
        image.join();
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (composeUp != null) {
                List<String> down = new ArrayList<>(composeUp.subList(0, composeUp.indexOf("up")));
                down.addAll(List.of("down", "-v", "-t", "5"));
                docker.run(down);
            }
            deployments.forEach(docker::removeProject);
        } finally {
            if (vigil != null) {
                vigil.close();
            }
        }
    }

    @Test
    void theImageStartedByTheConnectCommandConnectsAppliesComposeFilesAndShipsLogsAndHostMetrics() throws Exception {
        JsonNode target = vigil.post("/api/v1/targets", VigilInstance.json(Map.of("name", "docker-image", "type", "DOCKER")))
                .json();
        String targetId = target.get("id").asText();
        JsonNode created = vigil.post("/api/v1/targets/" + targetId + "/deployments", VigilInstance.json(
                Map.of("application", "shop", "version", "1.0", "composeFile", ComposeFiles.healthy()))).json();
        String deploymentId = created.get("id").asText();
        String revisionId = created.get("revisionId").asText();
        deployments.add(deploymentId);

        // the connect command, run as a person would, with docker-compose for `docker compose`
        String command = target.get("connectCommand").asText();
        Matcher parts = Pattern.compile("curl -fsSL '([^']+)' \\| docker compose (.*) -f - (.*)").matcher(command);
        assertThat(parts.matches()).as(command).isTrue();
        String installation = fetch(parts.group(1));
        assertThat(installation).contains("image: \"" + AgentImage.TAG + "\"", "VIGIL_HUB_URL: \"" + hubUrl + "\"");
        Path connect = Files.writeString(dir.resolve("connect.yml"), installation);
        Path override = Files.writeString(dir.resolve("test-host.yml"), """
                services:
                  agent:
                    network_mode: host
                    volumes:
                      - %s:/var/run/docker.sock
                """.formatted(docker.host().substring("unix://".length())));
        List<String> up = new ArrayList<>(List.of("docker-compose"));
        up.addAll(List.of(parts.group(2).split(" ")));
        up.addAll(List.of("-f", connect.toString(), "-f", override.toString()));
        up.addAll(List.of(parts.group(3).split(" ")));
        composeUp = up;
        docker.run(up);

        VigilInstance.await("the target is CONNECTED",
                () -> "CONNECTED".equals(vigil.get("/api/v1/targets/" + targetId).json().path("status").asText()), PATIENCE);
        assertThat(vigil.get("/api/v1/targets/" + targetId).json().get("agentVersion").asText())
                .isEqualTo(jarVersion());

        // the Compose file is applied by the agent in the container, under project = deployment id
        VigilInstance.await("the deployment is HEALTHY", () -> {
            JsonNode d = deployment(targetId, deploymentId);
            return d != null && "HEALTHY".equals(d.path("status").asText()) && "1 healthy".equals(d.path("message").asText())
                    && revisionId.equals(d.path("revisionId").asText());
        }, PATIENCE);
        String containers = docker.run(List.of("docker", "ps", "--filter", "label=" + DockerEngine.PROJECT_LABEL + "=" + deploymentId,
                "--format", "{{.Label \"" + DockerEngine.DEPLOYMENT_LABEL + "\"}} {{.Label \"" + DockerEngine.REVISION_LABEL
                        + "\"}} {{.Label \"com.docker.compose.service\"}}"));
        assertThat(containers.strip()).isEqualTo(deploymentId + " " + revisionId + " web");
        VigilInstance.await("web-1's log line arrives", () -> vigil.items("/api/v1/deployments/" + deploymentId + "/logs?resource=web-1")
                .stream().anyMatch(line -> line.get("body").asText().equals("started")), PATIENCE);

        // the agent's own log: configured by the image (data volume, /host) and applying with Compose v1
        VigilInstance.await("the agent's start and Compose lines arrive", () -> {
            List<String> bodies = vigil.items("/api/v1/targets/" + targetId + "/agent-logs").stream()
                    .map(line -> line.get("body").asText()).toList();
            return bodies.stream().anyMatch(b -> b.contains("starting: AgentConfig[hubUrl=" + hubUrl + ", targetId=" + targetId
                    + ", dataDir=/var/lib/vigil-agent, dockerHost=unix:///var/run/docker.sock, hostRoot=/host"))
                    && bodies.contains("applying Compose files with docker-compose");
        }, PATIENCE);

        // host metrics: the host's CPUs, memory and disks, the disks seen through /host as df sees them here
        assertThat(vigil.send(vigil.request("/api/v1/targets/" + targetId)
                .method("PATCH", VigilInstance.body("{\"metricsEnabled\":true}")).header("Content-Type", "application/json"),
                VigilInstance.basic("admin", VigilInstance.ADMIN_PASSWORD)).status()).isEqualTo(200);
        String latest = "/api/v1/targets/" + targetId + "/metrics/latest";
        VigilInstance.await("a sample whose disks agree with df", () -> agrees(vigil.get(latest).json().get("disks"), df()), PATIENCE);
        JsonNode sample = vigil.get(latest).json();
        String stat = Files.readString(Path.of("/proc/stat"));
        assertThat(sample.get("cpuCores").asInt()).isEqualTo((int) stat.lines().filter(l -> l.matches("cpu\\d+ .*")).count());
        assertThat(sample.get("memoryBytes").asLong())
                .isEqualTo(HostMetrics.Memory.parse(Files.readString(Path.of("/proc/meminfo"))).totalBytes());
        Map<String, DfRow> df = df();
        assertThat(sample.get("disks")).hasSize(df.size());
        for (JsonNode disk : sample.get("disks")) {
            DfRow row = df.get(disk.get("device").asText());
            assertThat(row).as("df row for " + disk).isNotNull();
            assertThat(disk.get("mountPath").asText()).isEqualTo(row.target());
            assertThat(disk.get("fsType").asText()).isEqualTo(row.fsType());
            assertThat(disk.get("totalBytes").asLong()).isEqualTo(row.size());
        }
    }

    private static String fetch(String url) throws IOException, InterruptedException {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    private static JsonNode deployment(String targetId, String deploymentId) {
        for (JsonNode d : vigil.get("/api/v1/targets/" + targetId).json().get("deployments")) {
            if (d.get("id").asText().equals(deploymentId)) {
                return d;
            }
        }
        return null;
    }


    /** The version in the manifest of the jar the image was built with. */
    private static String jarVersion() throws IOException {
        try (JarFile file = new JarFile(AgentImage.jar().toFile())) {
            return file.getManifest().getMainAttributes().getValue("Implementation-Version");
        }
    }

    record DfRow(String source, String fsType, long size, long used, long avail, String target) {
    }

    /** The host's disks as df prints them, kept and de-duplicated by the agent's rules, by device. */
    private static Map<String, DfRow> df() {
        try {
            Process p = new ProcessBuilder("df", "-B1", "--output=source,fstype,size,used,avail,target").start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).isZero();
            Map<String, DfRow> byDevice = new LinkedHashMap<>();
            out.lines().skip(1).map(line -> line.trim().split("\\s+", 6))
                    .map(f -> new DfRow(f[0], f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]), f[5]))
                    .filter(r -> r.source().startsWith("/dev/") && !DiskRules.EXCLUDED_FS_TYPES.contains(r.fsType())
                            && !DiskRules.EXCLUDED_MOUNT_POINTS.matcher(r.target()).find())
                    .forEach(r -> byDevice.merge(r.source(), r, (a, b) -> Comparator.comparingInt((DfRow x) -> x.target().length())
                            .compare(a, b) <= 0 ? a : b));
            return byDevice;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Same devices at the same paths, used bytes within the slack, used % as df computes it (to 0.1). */
    private static boolean agrees(JsonNode disks, Map<String, DfRow> df) {
        if (disks == null || disks.size() != df.size()) {
            return false;
        }
        for (JsonNode disk : disks) {
            DfRow row = df.get(disk.get("device").asText());
            if (row == null || !row.target().equals(disk.get("mountPath").asText())
                    || Math.abs(row.used() - disk.get("usedBytes").asLong()) > USED_BYTES_SLACK
                    || Math.abs(100.0 * row.used() / (row.used() + row.avail()) - disk.get("usedPercent").asDouble()) > 0.1) {
                return false;
            }
        }
        return true;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
