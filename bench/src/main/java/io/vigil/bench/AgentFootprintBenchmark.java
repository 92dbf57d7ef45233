package io.vigil.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Footprint of the Docker agent (issue 7): the agent jar as its own process, against a private dockerd
 * and a minimal hub on loopback that acknowledges everything. Phase 1, idle: heartbeats only (no
 * deployment, metrics off). Phase 2, load: one deployment of N containers each logging R lines/s (in
 * one burst per second), log collection and metrics on. Reports the agent's CPU (% of one core, from
 * /proc/PID/stat) and RSS (VmRSS, sampled every second), and the lines the hub received per second.
 */
final class AgentFootprintBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMAGE = "local/busybox";
    private static final long TICKS = 100; // USER_HZ on Linux

    private final Options o;
    private final AtomicLong lines = new AtomicLong();
    private volatile boolean loaded;
    private Path dir;
    private Process dockerd;
    private String dockerHost;

    private AgentFootprintBenchmark(Options o) {
        this.o = o;
    }

    static void main(String[] args) throws Exception {
        new AgentFootprintBenchmark(new Options(args)).run();
    }

    private void run() throws Exception {
        int containers = o.integer("containers", 10);
        int rate = o.integer("rate", 100);
        Duration idle = Duration.ofSeconds(o.integer("idle-duration", 60));
        Duration warmup = Duration.ofSeconds(o.integer("warmup", 20));
        Duration duration = Duration.ofSeconds(o.integer("duration", 60));
        String agentJar = o.string("agent-jar", "agent/target/vigil-agent.jar");
        List<String> jvm = List.of(o.string("agent-jvm-opts",
                "-XX:+UseSerialGC -Xmx48m -XX:MaxMetaspaceSize=48m -Xss256k -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m -XX:CICompilerCount=1 -XX:-UsePerfData").trim().split("\\s+"));
        o.rejectUnknown();
        if (!Files.exists(Path.of(agentJar))) {
            throw new IllegalStateException(agentJar + " missing: run ./mvnw -B -q package -DskipTests first");
        }
        dir = Files.createTempDirectory(Path.of("/tmp"), "vigil-agent-bench-");
        HttpServer hub = null;
        Process agent = null;
        Runtime.getRuntime().addShutdownHook(new Thread(this::cleanUp));
        try {
            startDockerd();
            hub = hub(composeFile(containers, rate));
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(jvm);
            command.addAll(List.of("-jar", agentJar, "--hub-url=http://127.0.0.1:" + hub.getAddress().getPort(),
                    "--target-id=bench", "--target-secret=bench", "--data-dir=" + dir.resolve("agent"),
                    "--docker-host=" + dockerHost));
            agent = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("agent.log").toFile()).start();
            long pid = agent.pid();

            Thread.sleep(5_000); // JVM start and first login
            Window idleWindow = measure(pid, idle);
            loaded = true;
            System.out.printf("load: %d containers × %d lines/s, warm-up %d s …%n", containers, rate, warmup.toSeconds());
            Thread.sleep(warmup.toMillis());
            long before = lines.get();
            Window loadWindow = measure(pid, duration);
            double received = (lines.get() - before) / (double) duration.toSeconds();

            System.out.println();
            System.out.println("| phase | agent CPU (% of one core) | RSS mean | RSS max | lines received/s |");
            System.out.println("|---|---|---|---|---|");
            System.out.printf("| idle (heartbeats only), %d s | %.2f %% | %.1f MB | %.1f MB | |%n", idle.toSeconds(),
                    idleWindow.cpuPercent, idleWindow.rssMeanMb, idleWindow.rssMaxMb);
            System.out.printf("| %d containers × %d lines/s, %d s | %.2f %% | %.1f MB | %.1f MB | %.0f (offered %d) |%n",
                    containers, rate, duration.toSeconds(), loadWindow.cpuPercent, loadWindow.rssMeanMb,
                    loadWindow.rssMaxMb, received, containers * rate);
            System.out.println();
            System.out.printf("goal RSS ≤ 96 MB under load: %s; CPU ≤ 5 %% under load: %s; idle CPU ≤ 1 %%: %s%n",
                    loadWindow.rssMaxMb <= 96 ? "PASS" : "MISS", loadWindow.cpuPercent <= 5 ? "PASS" : "MISS",
                    idleWindow.cpuPercent <= 1 ? "PASS" : "MISS");
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("benchmark", "agent-footprint");
            json.put("options", o.effective());
            json.put("idleCpuPercent", idleWindow.cpuPercent);
            json.put("idleRssMaxMb", idleWindow.rssMaxMb);
            json.put("loadCpuPercent", loadWindow.cpuPercent);
            json.put("loadRssMeanMb", loadWindow.rssMeanMb);
            json.put("loadRssMaxMb", loadWindow.rssMaxMb);
            json.put("linesReceivedPerSecond", received);
            json.put("otherCoresDuringLoad", loadWindow.otherCores);
            System.out.println("BENCH_JSON " + JSON.writeValueAsString(json));
        } finally {
            if (agent != null) {
                agent.destroy();
                agent.waitFor(15, TimeUnit.SECONDS);
            }
            if (hub != null) {
                hub.stop(0);
            }
            cleanUp();
        }
    }

    record Window(double cpuPercent, double rssMeanMb, double rssMaxMb, double otherCores) {}

    private Window measure(long pid, Duration length) throws Exception {
        long cpu0 = cpuTicks(pid);
        long all0 = machineBusyTicks();
        long t0 = System.nanoTime();
        double sum = 0;
        double max = 0;
        int samples = 0;
        while (System.nanoTime() - t0 < length.toNanos()) {
            Thread.sleep(1_000);
            double rss = rssKb(pid) / 1024.0;
            sum += rss;
            max = Math.max(max, rss);
            samples++;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double agentCores = (cpuTicks(pid) - cpu0) / (double) TICKS / seconds;
        double machineCores = (machineBusyTicks() - all0) / (double) TICKS / seconds;
        return new Window(100 * agentCores, samples == 0 ? 0 : sum / samples, max, Math.max(0, machineCores - agentCores));
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    }

    private static long machineBusyTicks() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < Math.min(f.length, 9); i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(f[i]);
            }
        }
        return busy;
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    /** N services, each printing R numbered lines once a second (two processes a second, not R). */
    private static String composeFile(int containers, int rate) {
        StringBuilder yaml = new StringBuilder("services:\n");
        for (int i = 1; i <= containers; i++) {
            yaml.append("  app").append(i).append(":\n")
                    .append("    image: ").append(IMAGE).append('\n')
                    .append("    network_mode: none\n")
                    .append("    stop_grace_period: 1s\n")
                    .append("    command: [\"sh\", \"-c\", \"i=0; while true; do seq $$i $$((i+").append(rate - 1)
                    .append(")) | sed 's/^/app").append(i).append(" request served, line /'; i=$$((i+").append(rate)
                    .append(")); sleep 1; done\"]\n");
        }
        return yaml.toString();
    }

    /** A hub that logs every agent in, asks for one deployment once loaded, and acknowledges everything. */
    private HttpServer hub(String composeFile) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.setExecutor(Executors.newFixedThreadPool(2));
        http.createContext("/api/agent/v1/login", ex -> answer(ex, 200,
                "{\"token\":\"bench-token\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}"));
        http.createContext("/api/agent/v1/heartbeat", ex -> {
            ex.getRequestBody().readAllBytes();
            String deployments = loaded
                    ? "[{\"deploymentId\":\"bench-logs\",\"revisionId\":\"rev-1\",\"logCollectionEnabled\":true}]" : "[]";
            answer(ex, 200, "{\"heartbeatIntervalSeconds\":5,\"metricsEnabled\":" + loaded
                    + ",\"metricsIntervalSeconds\":30,\"deployments\":" + deployments + "}");
        });
        http.createContext("/api/agent/v1/deployments/", ex -> answer(ex, 200, JSON.writeValueAsString(
                Map.of("deploymentId", "bench-logs", "revisionId", "rev-1", "composeFile", composeFile))));
        http.createContext("/api/agent/v1/logs", ex -> {
            JsonNode batch = JSON.readTree(ex.getRequestBody());
            int n = batch.path("records").size();
            lines.addAndGet(n);
            answer(ex, 200, "{\"accepted\":" + n + ",\"rejected\":[]}");
        });
        http.createContext("/api/agent/v1/metrics", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(202, -1);
            ex.close();
        });
        http.start();
        return http;
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private void startDockerd() throws Exception {
        dockerHost = "unix://" + dir.resolve("docker.sock");
        dockerd = new ProcessBuilder("dockerd", "--data-root", dir.resolve("data").toString(), "--exec-root",
                dir.resolve("exec").toString(), "-H", dockerHost, "--pidfile", dir.resolve("dockerd.pid").toString(),
                "--bridge=none", "--iptables=false", "--ip-masq=false")
                .redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (sh("docker", "version") != 0) {
            if (!dockerd.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("dockerd did not start; see " + dir.resolve("dockerd.log"));
            }
            Thread.sleep(250);
        }
        Path rootfs = dir.resolve("rootfs");
        for (String d : List.of("bin", "tmp", "proc", "sys", "dev", "etc")) {
            Files.createDirectories(rootfs.resolve(d));
        }
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
        for (String applet : List.of("sh", "seq", "sed", "sleep")) {
            Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        if (sh("tar", "-C", rootfs.toString(), "-cf", dir.resolve("rootfs.tar").toString(), ".") != 0
                || sh("docker", "import", "-c", "CMD [\"/bin/sh\"]", "-c", "ENV PATH=/bin",
                dir.resolve("rootfs.tar").toString(), IMAGE) != 0) {
            throw new IllegalStateException("cannot build the busybox image (is busybox-static installed?)");
        }
    }

    private int sh(String... command) throws IOException, InterruptedException {
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        b.environment().put("DOCKER_HOST", dockerHost);
        return b.start().waitFor();
    }

    private synchronized void cleanUp() {
        if (dockerd == null) {
            return;
        }
        try {
            ProcessBuilder b = new ProcessBuilder("sh", "-c", "docker rm -f $(docker ps -aq) 2>/dev/null")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            b.environment().put("DOCKER_HOST", dockerHost);
            b.start().waitFor(60, TimeUnit.SECONDS);
            dockerd.destroy();
            if (!dockerd.waitFor(30, TimeUnit.SECONDS)) {
                dockerd.destroyForcibly();
            }
            new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor(60, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            System.err.println("cleanup incomplete: " + e);
        }
        dockerd = null;
    }
}
