package io.vigil.bench;

import static io.vigil.bench.BenchSupport.basic;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What signing in and the Customer Portal scope cost on a read (issue 5). A real hub (the jar) with N
 * targets, half of them customer A's; C closed-loop clients read one target at a time (or the listing) as:
 * the vendor admin with HTTP Basic (a bcrypt check per request), with a personal access token (one
 * {@code _id} read), customer A's user with a token and with a session cookie (plus the scope check's
 * {@code _id} read). Then R rotations, each followed at once by a login with the old secret, which must
 * get 401 every time.
 *
 * <p>{@code java -jar bench/target/vigil-bench.jar access [--targets=200] [--seconds=10] [--clients=8]
 * [--rotations=20] [--hub-jar=ui/target/vigil.jar]}
 */
final class AccessBenchmark {

    private static final String ADMIN_PASSWORD = "bench-admin-password";
    private static final String PASSWORD = "bench-user-password";
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    private final Path hubJar;
    private final int targets;
    private final int seconds;
    private final int clients;
    private final int rotations;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private Hub hub;

    private AccessBenchmark(Options o) {
        hubJar = Path.of(o.string("hub-jar", "ui/target/vigil.jar"));
        targets = o.integer("targets", 200);
        seconds = o.integer("seconds", 10);
        clients = o.integer("clients", 8);
        rotations = o.integer("rotations", 20);
        o.rejectUnknown();
        log("options: " + o.effective());
    }

    static void main(String[] args) throws Exception {
        System.exit(new AccessBenchmark(new Options(args)).run());
    }

    private int run() throws Exception {
        Path dir = Files.createTempDirectory("vigil-access-bench");
        try {
            hub = Hub.start(hubJar, List.of(), dir.resolve("data"), ADMIN_PASSWORD,
                    List.of("--vigil.agent.connect-requests=100000"), Duration.ofMinutes(5),
                    "/api/v1/admin/projections", basic("admin", ADMIN_PASSWORD));
            String admin = basic("admin", ADMIN_PASSWORD);
            String org = id(send("POST", "/api/v1/organisations", "{\"name\":\"Customer A\"}", admin, 201));
            send("POST", "/api/v1/users", "{\"name\":\"alice\",\"password\":\"" + PASSWORD
                    + "\",\"role\":\"CUSTOMER_READ_ONLY\",\"organisationId\":\"" + org + "\"}", admin, 201);
            List<String> vendorTargets = new ArrayList<>();
            List<String> customerTargets = new ArrayList<>();
            Map<String, String> secrets = new LinkedHashMap<>();
            for (int i = 0; i < targets; i++) {
                boolean customer = i % 2 == 1;
                String body = send("POST", "/api/v1/targets", "{\"name\":\"edge-" + i + "\",\"type\":\"DOCKER\""
                        + (customer ? ",\"organisationId\":\"" + org + "\"" : "") + "}", admin, 201);
                String id = id(body);
                (customer ? customerTargets : vendorTargets).add(id);
                secrets.put(id, field(body, "targetSecret"));
            }
            String adminToken = "Bearer " + field(send("POST", "/api/v1/me/tokens", "{\"name\":\"bench\"}", admin, 201), "token");
            String aliceToken = "Bearer " + field(send("POST", "/api/v1/me/tokens", "{\"name\":\"bench\"}",
                    basic("alice", PASSWORD), 201), "token");
            HttpResponse<String> session = http.send(request("/api/v1/session").POST(HttpRequest.BodyPublishers.ofString(
                    "{\"name\":\"alice\",\"password\":\"" + PASSWORD + "\"}")).header("Content-Type", "application/json")
                    .build(), HttpResponse.BodyHandlers.ofString());
            String cookie = session.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            awaitListed(customerTargets.size(), aliceToken);

            List<PhaseStats> phases = new ArrayList<>();
            phases.add(closedLoop("vendor, Basic (bcrypt cost 4)", vendorTargets, admin, null));
            phases.add(closedLoop("vendor, access token", vendorTargets, adminToken, null));
            phases.add(closedLoop("customer, access token", customerTargets, aliceToken, null));
            phases.add(closedLoop("customer, session cookie", customerTargets, null, cookie));
            phases.add(closedLoop("customer, listing", null, aliceToken, null));
            phases.add(closedLoop("vendor, listing", null, adminToken, null));

            int accepted = 0;
            PhaseStats rotate = new PhaseStats("reconnect (rotate), one at a time", 0);
            rotate.startNanos = System.nanoTime();
            for (int i = 0; i < rotations; i++) {
                String target = vendorTargets.get(i % vendorTargets.size());
                long t0 = System.nanoTime();
                String body = send("POST", "/api/v1/targets/" + target + "/reconnect", "", adminToken, 200);
                rotate.recordOk(t0, System.nanoTime());
                HttpResponse<String> old = http.send(request("/api/agent/v1/login").POST(HttpRequest.BodyPublishers
                        .noBody()).header("Authorization", basic(target, secrets.get(target))).build(),
                        HttpResponse.BodyHandlers.ofString());
                accepted += old.statusCode() == 401 ? 0 : 1;
                secrets.put(target, field(body, "targetSecret"));
            }
            rotate.endNanos = System.nanoTime();
            phases.add(rotate);
            report(phases, accepted);
            return 0;
        } catch (Exception e) {
            System.err.println("access benchmark FAILED TO RUN: " + e);
            if (hub != null) {
                System.err.println(Hub.failureReport(hub.log));
            }
            return 1;
        } finally {
            if (hub != null) {
                hub.close();
                Files.deleteIfExists(hub.log);
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private PhaseStats closedLoop(String name, List<String> ids, String authorization, String cookie)
            throws InterruptedException {
        PhaseStats stats = new PhaseStats(name, 0);
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        stats.startNanos = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread client = new Thread(() -> {
                while (System.nanoTime() < end) {
                    String path = ids == null ? "/api/v1/targets?limit=100"
                            : "/api/v1/targets/" + ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                    HttpRequest.Builder request = request(path).GET();
                    if (authorization != null) {
                        request.header("Authorization", authorization);
                    }
                    if (cookie != null) {
                        request.header("Cookie", cookie);
                    }
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
                        stats.record(t0, System.nanoTime(), response, null);
                    } catch (IOException e) {
                        stats.record(t0, System.nanoTime(), null, e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }, "client-" + c);
            client.start();
            threads.add(client);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        stats.endNanos = System.nanoTime();
        log(String.format(Locale.ROOT, "%-32s %8.0f /s  p50 %6.1f ms  p99 %6.1f ms  errors %s", name,
                stats.achievedPerSecond(), stats.latency.getValueAtPercentile(50) / 1000.0,
                stats.latency.getValueAtPercentile(99) / 1000.0, stats.errorsByKind()));
        return stats;
    }

    private void report(List<PhaseStats> phases, int accepted) {
        System.out.println();
        System.out.printf(Locale.ROOT, "| phase (%d targets, %d clients, %d s) | rate /s | p50 ms | p99 ms | errors |%n",
                targets, clients, seconds);
        System.out.println("|---|---|---|---|---|");
        StringBuilder json = new StringBuilder("{\"targets\":" + targets + ",\"clients\":" + clients + ",\"phases\":[");
        for (PhaseStats p : phases) {
            double rate = p.achievedPerSecond();
            double p50 = p.latency.getValueAtPercentile(50) / 1000.0;
            double p99 = p.latency.getValueAtPercentile(99) / 1000.0;
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.1f | %.1f | %d |%n", p.name, rate, p50, p99, p.errorCount());
            json.append(String.format(Locale.ROOT, "{\"name\":\"%s\",\"rate\":%.1f,\"p50Ms\":%.2f,\"p99Ms\":%.2f,\"errors\":%d},",
                    p.name, rate, p50, p99, p.errorCount()));
        }
        json.setLength(json.length() - 1);
        json.append("],\"oldSecretAcceptedAfterRotation\":").append(accepted).append(",\"rotations\":").append(rotations)
                .append('}');
        System.out.printf("old secret accepted right after its rotation: %d of %d (%s)%n", accepted, rotations,
                accepted == 0 ? "PASS" : "MISS");
        System.out.println("BENCH_JSON " + json);
    }

    private void awaitListed(int expected, String authorization) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            String body = send("GET", "/api/v1/targets?limit=1000", null, authorization, 200);
            if (countOf(body, "\"organisationId\":\"") >= expected) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the projections did not catch up with the registrations");
    }

    private String send(String method, String path, String json, String authorization, int expected) throws Exception {
        HttpRequest.Builder request = request(path).header("Authorization", authorization);
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.method(method, HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " → " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(hub.baseUrl + path)).timeout(Duration.ofSeconds(30));
    }

    private static String id(String body) {
        Matcher m = ID.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + body);
        }
        return m.group(1);
    }

    private static String field(String body, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in the answer");
        }
        return m.group(1);
    }

    private static int countOf(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }


    private static void log(String message) {
        HeartbeatBenchmark.log(message);
    }
}
