package io.vigil.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds the agent's image from {@code agent/Dockerfile} and the built {@code agent/target/vigil-agent.jar}
 * in a test engine, without a registry: a Debian 12 slim root filesystem made by {@code .ci/debian-slim-rootfs}
 * (cached under ~/.cache/vigil) is imported as the base, and the build uses the host's network so the
 * Dockerfile's apt-get reaches Debian's mirror (the test engine has no bridge). Delete ~/.cache/vigil to
 * build everything from scratch, as CI does.
 */
public final class AgentImage {

    public static final String TAG = "vigil/agent:test";
    public static final String BASE = "vigil-test/debian:bookworm-slim";
    private static final Duration SLOW = Duration.ofMinutes(10);

    private AgentImage() {
    }

    /**
     * Builds {@link #TAG} in the engine; the repository root is found upwards from the working directory.
     * The Dockerfile's apt-get layer is cached next to the root filesystem: {@code docker save} of the base and
     * the image after a build that ran apt-get, {@code docker load} and {@code --cache-from} on the next run
     * (a re-imported base would not match, its creation time differs). A changed Dockerfile or jar still builds.
     */
    public static String build(TestDockerEngine engine) throws IOException {
        Path root = repositoryRoot();
        Path agent = root.resolve("agent");
        requireFresh(jar(), agent.resolve("target/classes"));
        long started = System.nanoTime();
        // debootstrap takes about a minute and the build's apt-get under one with a near mirror; slack for a far one
        String out = engine.run(List.of(root.resolve(".ci/debian-slim-rootfs").toString()), SLOW).strip();
        Path rootfs = Path.of(out.lines().reduce((first, last) -> last).orElseThrow()); // the script prints the path last
        Path layers = rootfs.resolveSibling("agent-image-layers.tar");
        boolean cached = Files.isRegularFile(layers)
                && Files.getLastModifiedTime(layers).compareTo(Files.getLastModifiedTime(rootfs)) >= 0;
        if (cached) {
            engine.run(List.of("docker", "load", "-i", layers.toString()), SLOW);
        } else {
            engine.run(List.of("docker", "import",
                    "-c", "CMD [\"bash\"]", "-c", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    rootfs.toString(), BASE));
        }
        long based = System.nanoTime();
        List<String> build = new ArrayList<>(List.of("docker", "build", "--network", "host", "--build-arg", "BASE_IMAGE=" + BASE));
        if (cached) {
            build.addAll(List.of("--cache-from", TAG));
        }
        build.addAll(List.of("-t", TAG, agent.toString()));
        boolean ranApt = !engine.run(build, SLOW).contains("Using cache");
        long built = System.nanoTime();
        if (ranApt) {
            Path partial = Files.createTempFile(layers.getParent(), "agent-image-layers", ".partial");
            engine.run(List.of("docker", "save", "-o", partial.toString(), BASE, TAG), SLOW);
            Files.move(partial, layers, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        System.err.printf("agent image %s: base %s %.1f s, build %.1f s (%s), cache saved %.1f s%n", TAG,
                cached ? "loaded from " + layers : "imported from " + rootfs, (based - started) / 1e9,
                (built - based) / 1e9, ranApt ? "ran apt-get" : "apt-get layer from the cache",
                (System.nanoTime() - built) / 1e9);
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
