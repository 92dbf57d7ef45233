package io.vigil.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.vigil.agent.docker.DockerEngine;

/**
 * A private Docker Engine for tests, started once per test JVM: Debian's {@code dockerd} with its own
 * data root, exec root, socket and pidfile under a temporary directory, its own mount namespace (root
 * shared, so {@code rslave} binds of the host root work), no default bridge and no iptables
 * changes (test Compose files use {@code network_mode: none}), and a tiny {@code local/busybox} image
 * imported from a rootfs built from the busybox-static binary (no registry is reachable). Everything is
 * stopped and removed when the JVM exits.
 */
public final class TestDockerEngine {

    public static final String IMAGE = "local/busybox";
    private static TestDockerEngine shared;

    private final Path dir;
    private final Process dockerd;
    private final String host;

    private TestDockerEngine(Path dir, Process dockerd) {
        this.dir = dir;
        this.dockerd = dockerd;
        this.host = "unix://" + dir.resolve("docker.sock");
    }

    public static synchronized TestDockerEngine shared() {
        if (shared == null) {
            try {
                shared = start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start a private dockerd (are docker.io, docker-compose and "
                        + "busybox-static installed? see .ci/ensure-test-packages)", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "test-dockerd-stop"));
        }
        return shared;
    }

    /** {@code DOCKER_HOST} of the private engine. */
    public String host() {
        return host;
    }

    public Path dir() {
        return dir;
    }

    private static TestDockerEngine start() throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "vigil-dockerd-");
        // In a mount namespace of its own whose root is a shared mount, as systemd makes it on real hosts:
        // the agent's installation mounts the host root with "rslave", which Docker refuses when / is a
        // private mount (as on this kind of machine). The host's own mounts stay untouched.
        Process dockerd = new ProcessBuilder("unshare", "--mount", "--propagation", "shared", "--", "dockerd",
                "--data-root", dir.resolve("data").toString(),
                "--exec-root", dir.resolve("exec").toString(),
                "-H", "unix://" + dir.resolve("docker.sock"),
                "--pidfile", dir.resolve("dockerd.pid").toString(),
                "--bridge=none", "--iptables=false", "--ip-masq=false")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("dockerd.log").toFile())
                .start();
        TestDockerEngine engine = new TestDockerEngine(dir, dockerd);
        try {
            engine.awaitReady();
            engine.importBusybox();
        } catch (IOException | RuntimeException e) {
            engine.stop();
            throw e;
        }
        return engine;
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (DockerEngine client = new DockerEngine(host)) {
            while (true) {
                try {
                    client.ping();
                    return;
                } catch (RuntimeException notYet) {
                    if (!dockerd.isAlive() || System.nanoTime() > deadline) {
                        throw new IOException("dockerd did not come up: " + tailOfLog());
                    }
                    sleep(200);
                }
            }
        }
    }

    private void importBusybox() throws IOException {
        Path rootfs = dir.resolve("rootfs");
        for (String d : List.of("bin", "tmp", "proc", "sys", "dev", "etc")) {
            Files.createDirectories(rootfs.resolve(d));
        }
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
        for (String applet : List.of("sh", "echo", "sleep", "cat", "true", "false", "test", "touch", "rm", "seq",
                "date", "ls", "printf", "kill", "yes", "head", "usleep")) {
            Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/:/bin/sh\n");
        Path tar = dir.resolve("busybox.tar");
        run(List.of("tar", "-C", rootfs.toString(), "-cf", tar.toString(), "."));
        run(List.of("docker", "import", "-c", "CMD [\"/bin/sh\"]", "-c", "ENV PATH=/bin", tar.toString(), IMAGE));
    }

    /** Runs a command with DOCKER_HOST pointing here; fails on a non-zero exit or after 2 minutes. */
    public String run(List<String> command) throws IOException {
        return run(command, Duration.ofMinutes(2));
    }

    /** Runs a command with DOCKER_HOST pointing here; fails on a non-zero exit or when it takes longer. */
    public String run(List<String> command, Duration timeout) throws IOException {
        Path output = Files.createTempFile(dir, "run-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("DOCKER_HOST", host);
        Process p = builder.start();
        try {
            boolean exited = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                p.destroyForcibly();
            }
            String out = Files.readString(output, StandardCharsets.UTF_8);
            if (!exited || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + (exited ? " failed: " : " timed out after " + timeout + ": ") + out);
            }
            return out;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Removes every container of a Compose project (what a test started). */
    public void removeProject(String project) {
        try {
            String ids = run(List.of("docker", "ps", "-aq", "--filter", "label=" + DockerEngine.PROJECT_LABEL + "=" + project));
            List<String> command = new ArrayList<>(List.of("docker", "rm", "-f"));
            ids.lines().map(String::strip).filter(s -> !s.isEmpty()).forEach(command::add);
            if (command.size() > 3) {
                run(command);
            }
        } catch (IOException e) {
            // best effort: the whole engine goes at JVM exit
        }
    }

    private void stop() {
        try {
            String ids = run(List.of("docker", "ps", "-aq"));
            List<String> command = new ArrayList<>(List.of("docker", "rm", "-f"));
            ids.lines().map(String::strip).filter(s -> !s.isEmpty()).forEach(command::add);
            if (command.size() > 3) {
                run(command);
            }
        } catch (IOException e) {
            // stop the engine anyway
        }
        dockerd.destroy(); // SIGTERM to the process we started, by its handle
        try {
            if (!dockerd.waitFor(30, TimeUnit.SECONDS)) {
                dockerd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor(60, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            // leave the directory; it is under /tmp
        }
    }

    private String tailOfLog() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("dockerd.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Map<String, String> environment() {
        return Map.of("DOCKER_HOST", host);
    }
}
