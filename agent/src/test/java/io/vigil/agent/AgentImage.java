package io.vigil.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds the agent's image from {@code agent/Dockerfile} and the built {@code agent/target/vigil-agent.jar}
 * in a test engine, without a registry: a Debian 12 slim root filesystem made by {@code .ci/debian-slim-rootfs}
 * (cached under ~/.cache/vigil) is imported as the base, and the build uses the host's network so the
 * Dockerfile's apt-get reaches Debian's mirror (the test engine has no bridge).
 */
public final class AgentImage {

    public static final String TAG = "vigil/agent:test";
    public static final String BASE = "vigil-test/debian:bookworm-slim";
    private static final Duration SLOW = Duration.ofMinutes(10);

    private AgentImage() {
    }

    /** Builds {@link #TAG} in the engine; the repository root is found upwards from the working directory. */
    public static String build(TestDockerEngine engine) throws IOException {
        Path root = repositoryRoot();
        Path agent = root.resolve("agent");
        requireFresh(jar(), agent.resolve("target/classes"));
        // debootstrap takes about a minute and the build's apt-get under one with a near mirror; slack for a far one
        String rootfs = engine.run(List.of(root.resolve(".ci/debian-slim-rootfs").toString()), SLOW).strip();
        rootfs = rootfs.lines().reduce((first, last) -> last).orElseThrow(); // the script prints the path last
        engine.run(List.of("docker", "import",
                "-c", "CMD [\"bash\"]", "-c", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                rootfs, BASE));
        engine.run(List.of("docker", "build", "--network", "host", "--build-arg", "BASE_IMAGE=" + BASE,
                "-t", TAG, agent.toString()), SLOW);
        return TAG;
    }

    /** The jar the image is built with. */
    public static Path jar() {
        return repositoryRoot().resolve("agent/target/vigil-agent.jar");
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("agent/Dockerfile")) && Files.isRegularFile(dir.resolve(".ci/debian-slim-rootfs"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (with agent/Dockerfile) above " + Path.of("").toAbsolutePath());
    }

    /** The image must hold the code under test: a jar older than the compiled classes is from an earlier build. */
    private static void requireFresh(Path jar, Path classes) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (./mvnw -pl agent -am package, or verify)");
        }
        long built = Files.getLastModifiedTime(jar).toMillis();
        try (Stream<Path> files = Files.walk(classes)) {
            if (files.filter(Files::isRegularFile).anyMatch(f -> modified(f) > built)) {
                throw new IllegalStateException(jar + " is older than " + classes + ": package the agent again");
            }
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }
}
