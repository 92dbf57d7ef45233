package io.vigil.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The hub under test: {@code java -jar vigil.jar} as a child process on free loopback ports, with its data
 * in a directory of the benchmark's choosing. {@link #close()} stops it (SIGTERM, then SIGKILL after a
 * grace period); a JVM shutdown hook does the same if the benchmark is interrupted.
 */
final class Hub implements AutoCloseable {

    final Process process;
    final String baseUrl;
    final int httpPort;
    final int mongoPort;
    final Path log;
    private final Thread hook;
    private final String readyPath;
    private final String readyAuthorization;
    /** Set when the actuator reported DOWN while the API already served. */
    volatile String healthWarning;

    private Hub(Process process, int httpPort, int mongoPort, Path log, String readyPath, String readyAuthorization) {
        this.readyPath = readyPath;
        this.readyAuthorization = readyAuthorization;
        this.process = process;
        this.httpPort = httpPort;
        this.mongoPort = mongoPort;
        this.baseUrl = "http://127.0.0.1:" + httpPort;
        this.log = log;
        this.hook = new Thread(this::stop, "hub-stopper");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts the hub and waits until {@code /actuator/health} answers UP — or answers DOWN while the
     * authenticated API call {@code readyPath} already succeeds (then {@link #healthWarning} says so).
     */
    static Hub start(Path jar, List<String> jvmOptions, Path dataDir, String adminPassword, List<String> hubArgs,
                     Duration startTimeout, String readyPath, String readyAuthorization) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("hub jar not found: " + jar.toAbsolutePath()
                    + " (build it: ./mvnw -q -B -DskipTests install, or pass --hub-jar=PATH)");
        }
        // run a private copy: a rebuild of the original while the benchmark runs must not pull classes away
        Path copy = dataDir.resolveSibling("vigil-hub.jar");
        Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        int httpPort = freePort();
        int mongoPort = freePort();
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-hub.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", copy.toAbsolutePath().toString(),
                "--server.port=" + httpPort,
                "--vigil.data-dir=" + dataDir.toAbsolutePath(),
                "--vigil.admin-password=" + adminPassword,
                "--vigil.security.bcrypt-strength=4",
                "--vigil.mongodb.embedded-port=" + mongoPort,
                "--spring.main.banner-mode=off"));
        command.addAll(hubArgs);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Hub hub = new Hub(process, httpPort, mongoPort, log, readyPath, readyAuthorization);
        try {
            hub.awaitHealthy(startTimeout);
        } catch (IOException | InterruptedException | RuntimeException e) {
            hub.close();
            throw e;
        }
        return hub;
    }

    private void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the hub exited with code " + process.exitValue() + " while starting; "
                        + "its output: " + log + "\n" + tail(log, 30));
            }
            try {
                HttpResponse<String> response = client.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("UP")) {
                    return;
                }
                if (response.statusCode() == 503) {
                    // the actuator answers DOWN; the hub may still serve: check an authenticated API call
                    HttpResponse<String> api = client.send(HttpRequest.newBuilder(URI.create(baseUrl + readyPath))
                            .timeout(Duration.ofSeconds(5)).header("Authorization", readyAuthorization).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (api.statusCode() == 200) {
                        healthWarning = "/actuator/health answers " + response.statusCode() + " " + response.body()
                                + " although the API serves (GET " + readyPath + " = 200)";
                        return;
                    }
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the hub was not healthy within " + timeout.toSeconds() + " s; its output: "
                + log + "\n" + tail(log, 30));
    }

    /** CPU time the hub process used so far (user + system, all threads). */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /**
     * Waits (at most {@code limit}) until the hub is quiet — under 0.15 cores over 2 s — so a phase does not
     * pay for the background work (store serialisation, compaction) the phase before it left behind.
     * @return the seconds waited
     */
    double quiet(Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < limit.toNanos()) {
            Duration before = cpu();
            Thread.sleep(2_000);
            if (cpu().minus(before).toMillis() < 300) {
                break;
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    long pid() {
        return process.pid();
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs (or ran) stop() itself
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The first lines of the hub log that report an error (with the line after each: usually the exception). */
    static String errors(Path file, int max) {
        try {
            List<String> all = Files.readAllLines(file);
            List<String> found = new java.util.ArrayList<>();
            for (int i = 0; i < all.size() && found.size() < 2 * max; i++) {
                if (all.get(i).contains(" ERROR ")) {
                    found.add(all.get(i));
                    if (i + 1 < all.size()) {
                        found.add(all.get(i + 1));
                    }
                }
            }
            return found.isEmpty() ? "(none)" : String.join("\n", found);
        } catch (IOException | RuntimeException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    /** For a failed run: a copy of the hub's whole log that outlives the data dir, and its last lines. */
    static String failureReport(Path log) {
        String kept;
        try {
            Path copy = Files.createTempFile("vigil-bench-hub-", ".log");
            Files.copy(log, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            kept = copy.toString();
        } catch (IOException | RuntimeException e) {
            kept = "(not kept: " + e + ")";
        }
        return "hub output, whole log kept in " + kept + "; last lines:\n" + tail(log, 40);
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
