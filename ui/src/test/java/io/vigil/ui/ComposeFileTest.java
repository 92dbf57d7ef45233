package io.vigil.ui;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import com.sun.net.httpserver.HttpServer;

/**
 * The scaled-out form (docker-compose.yml, docs/compose/nginx.conf, the module Dockerfiles) as a user relies
 * on it. The structure is checked always; where the tools are installed, {@code docker compose config}
 * validates the file and a real nginx runs the proxy configuration against two stub backends.
 */
class ComposeFileTest {

    private static final List<String> APP_SERVICES = List.of("command-side", "query-side");

    private static Path root;
    private static Map<String, Object> services;
    private static String nginxConf;

    @BeforeAll
    static void load() throws IOException {
        root = repositoryRoot();
        Map<String, Object> compose;
        try (Reader reader = Files.newBufferedReader(root.resolve("docker-compose.yml"), UTF_8)) {
            compose = new Yaml().load(reader);
        }
        services = map(compose.get("services"), "services");
        nginxConf = Files.readString(root.resolve("docs/compose/nginx.conf"), UTF_8);
    }

    // ---------------------------------------------------------------- docker-compose.yml

    @Test
    void hasTheStoresTheAppServicesAndTheProxy() {
        assertThat(services).containsKeys("postgres", "mongo", "command-side", "query-side", "proxy");
        assertThat(string(service("postgres").get("image"))).startsWith("postgres:16");
        assertThat(string(service("mongo").get("image"))).startsWith("mongo:7");
        assertThat(string(service("proxy").get("image"))).startsWith("nginx");
    }

    @Test
    void appServicesCanBeScaled() {
        for (String name : APP_SERVICES) {
            Map<String, Object> service = service(name);
            assertThat(service).as("%s must not pin a container name (it could not scale)", name)
                    .doesNotContainKey("container_name");
            assertThat(service).as("%s must not publish host ports (replicas would collide); the proxy does", name)
                    .doesNotContainKey("ports");
            assertThat(service).as("%s is built from the repository", name).containsKey("build");
        }
    }

    @Test
    void onlyTheProxyPublishesPort8080() {
        List<Object> ports = list(service("proxy").get("ports"), "proxy.ports");
        assertThat(ports).anySatisfy(port -> assertThat(publishedPort(port)).isEqualTo("8080"));
        services.forEach((name, service) -> {
            if (!name.equals("proxy")) {
                assertThat(map(service, name)).as("%s publishes no host port", name).doesNotContainKey("ports");
            }
        });
    }

    @Test
    void appServicesUseTheReplicaSetAndThePostgresEventStore() {
        String replSet = replSetOfMongo();
        for (String name : APP_SERVICES) {
            Map<String, String> env = environment(name);
            assertThat(env.get("MONGODB_URI")).as("%s MONGODB_URI", name)
                    .startsWith("mongodb://mongo:27017/")
                    .contains("replicaSet=" + replSet);
            assertThat(env.get("SPRING_DATASOURCE_URL")).as("%s SPRING_DATASOURCE_URL", name)
                    .startsWith("jdbc:postgresql://postgres:5432/");
            assertThat(env).containsKeys("SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD");
            assertThat(env.get("SPRING_DATASOURCE_USERNAME"))
                    .isEqualTo(string(map(service("postgres").get("environment"), "postgres.environment")
                            .get("POSTGRES_USER")));
            dependsOnHealthy(name, "postgres");
            dependsOnHealthy(name, "mongo");
        }
    }

    @Test
    void secretsComeFromTheEnvironmentAndAreRequired() {
        for (String name : APP_SERVICES) {
            Map<String, String> env = environment(name);
            assertThat(env.get("VIGIL_ADMIN_PASSWORD")).startsWith("${VIGIL_ADMIN_PASSWORD:?");
            assertThat(env.get("SPRING_DATASOURCE_PASSWORD")).startsWith("${VIGIL_DB_PASSWORD:?");
        }
        assertThat(string(map(service("postgres").get("environment"), "postgres.environment")
                .get("POSTGRES_PASSWORD"))).startsWith("${VIGIL_DB_PASSWORD:?");
    }

    @Test
    void everyReferencedFileExists() throws IOException {
        for (String name : APP_SERVICES) {
            Map<String, Object> build = map(service(name).get("build"), name + ".build");
            Path context = root.resolve(string(build.get("context"))).normalize();
            assertThat(context).as("%s build context is the repository root", name).isEqualTo(root);
            Path dockerfile = context.resolve(string(build.get("dockerfile")));
            assertThat(dockerfile).as("%s Dockerfile", name).isRegularFile();
            assertThat(dockerfile).isEqualTo(root.resolve(name).resolve("Dockerfile"));

            String text = Files.readString(dockerfile, UTF_8);
            assertThat(text).contains("FROM eclipse-temurin:17-jre")
                    .containsPattern("(?m)^USER\\s+(?!root\\b)\\S+")
                    .contains("EXPOSE 8080")
                    .contains("COPY " + name + "/target/" + name + "-*-exec.jar");
            // the "-exec" jar the Dockerfile copies is what the module's pom attaches
            assertThat(Files.readString(root.resolve(name).resolve("pom.xml"), UTF_8))
                    .contains("<classifier>exec</classifier>");
        }
        for (Map.Entry<String, Object> entry : services.entrySet()) {
            Object volumes = map(entry.getValue(), entry.getKey()).get("volumes");
            if (volumes == null) {
                continue;
            }
            for (Object volume : list(volumes, entry.getKey() + ".volumes")) {
                String source = string(volume).split(":")[0];
                if (source.startsWith("./") || source.startsWith("../")) {
                    assertThat(root.resolve(source).normalize()).as("bind mount of %s", entry.getKey()).exists();
                }
            }
        }
        assertThat(list(service("proxy").get("volumes"), "proxy.volumes"))
                .contains("./docs/compose/nginx.conf:/etc/nginx/nginx.conf:ro");
    }

    @Test
    void composeValidatesTheFile(@TempDir Path dir) throws Exception {
        List<String> compose = composeCommand();
        Assumptions.assumeTrue(compose != null,
                "neither 'docker compose' nor 'docker-compose' is installed: the compose file was checked structurally only");
        Path emptyEnvFile = Files.createFile(dir.resolve("empty.env")); // a developer's .env must not matter

        List<String> config = new ArrayList<>(compose);
        config.addAll(List.of("--env-file", emptyEnvFile.toString(), "-f", "docker-compose.yml", "config", "-q"));

        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        env.put("VIGIL_ADMIN_PASSWORD", "compose-test-admin");
        env.put("VIGIL_DB_PASSWORD", "compose-test-db");
        Result valid = run(config, env, Duration.ofMinutes(2));
        assertThat(valid.exitCode()).as("%s:%n%s", config, valid.output()).isZero();

        env.remove("VIGIL_ADMIN_PASSWORD");
        Result missingSecret = run(config, env, Duration.ofMinutes(2));
        assertThat(missingSecret.exitCode()).as("without VIGIL_ADMIN_PASSWORD compose must refuse").isNotZero();
        assertThat(missingSecret.output()).contains("VIGIL_ADMIN_PASSWORD");
    }

    // ---------------------------------------------------------------- docs/compose/nginx.conf

    @Test
    void nginxRoutesTheAgentApiAndTheWritesToTheCommandSideAndTheRestToTheQuerySide() {
        NginxRoutes routes = NginxRoutes.parse(nginxConf);
        assertThat(routes.backend("/api/agent/v1/heartbeat", "POST")).isEqualTo("command-side");
        assertThat(routes.backend("/api/agent/v1/login", "POST")).isEqualTo("command-side");
        for (String write : List.of("POST", "PUT", "PATCH", "DELETE")) {
            assertThat(routes.backend("/api/v1/targets", write)).as(write).isEqualTo("command-side");
        }
        for (String read : List.of("GET", "HEAD")) {
            assertThat(routes.backend("/api/v1/targets", read)).as(read).isEqualTo("query-side");
        }
        // the projection status and replay endpoints (POST included) live on the query side
        assertThat(routes.backend("/api/v1/admin/projections/target-status/replay", "POST")).isEqualTo("query-side");
        assertThat(routes.backend("/v3/api-docs", "GET")).isEqualTo("query-side");
        assertThat(routes.backend("/swagger-ui/index.html", "GET")).isEqualTo("query-side");
        assertThat(routes.backend("/", "GET")).isEqualTo("query-side");
    }

    @Test
    void nginxReResolvesScaledServicesAndAcceptsTenMebibyteBodies() {
        assertThat(nginxConf).containsPattern("(?m)^\\s*resolver\\s+127\\.0\\.0\\.11\\b[^;]*valid=");
        // a name written straight into proxy_pass would be resolved once, at start: only variables re-resolve
        assertThat(nginxConf).doesNotContainPattern("proxy_pass\\s+http://[a-z]");
        Matcher limit = Pattern.compile("client_max_body_size\\s+(\\d+)m;").matcher(nginxConf);
        assertThat(limit.find()).as("client_max_body_size in megabytes").isTrue();
        assertThat(Integer.parseInt(limit.group(1))).isGreaterThan(10);
    }

    @Test
    void nginxAcceptsTheConfiguration() throws Exception {
        Assumptions.assumeTrue(installed(List.of("nginx", "-v")), "nginx is not installed: syntax not checked");
        // service names sit in variables, so nginx resolves nothing at this point and the check needs no Docker
        Path conf = root.resolve("docs/compose/nginx.conf");
        Result test = run(List.of("nginx", "-t", "-c", conf.toString()), System.getenv(), Duration.ofSeconds(30));
        if (test.exitCode() != 0 && test.output().contains("Permission denied")) {
            Assumptions.abort("nginx -t needs to create its temp directories, which this user may not: " + test.output());
        }
        assertThat(test.exitCode()).as(test.output()).isZero();
    }

    /**
     * The routing table for real: the proxy configuration, with the two service names pointed at local stub
     * backends, runs in nginx, and each request must arrive at the right side with its path and query intact.
     */
    @Test
    void nginxSendsEachRequestToTheRightSide() throws Exception {
        Assumptions.assumeTrue(installed(List.of("nginx", "-v")), "nginx is not installed: routing not run");
        Path dir = Files.createTempDirectory("vigil-nginx-");
        // workers (an unprivileged user when started as root) must reach the body temp directory in here
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        HttpServer command = stub("command-side");
        HttpServer query = stub("query-side");
        int port = freePort();
        Path log = dir.resolve("nginx.out");
        Process nginx = null;
        try {
            Path conf = dir.resolve("nginx.conf");
            Files.writeString(conf, localConfiguration(dir, port, command.getAddress().getPort(),
                    query.getAddress().getPort()), UTF_8);
            nginx = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", conf.toString(), "-g", "daemon off;")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            awaitListening(nginx, port, log);

            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            String[][] table = {
                    {"POST", "/api/agent/v1/login", "command-side"},
                    {"POST", "/api/agent/v1/heartbeat", "command-side"},
                    {"POST", "/api/agent/v1/logs", "command-side"},
                    {"GET", "/api/v1/targets?filter=a%20b&limit=5", "query-side"},
                    {"HEAD", "/api/v1/targets/t-1", "query-side"},
                    {"GET", "/api/v1/deployments/d-1/status-history", "query-side"},
                    {"POST", "/api/v1/targets", "command-side"},
                    {"PATCH", "/api/v1/targets/t-1", "command-side"},
                    {"PUT", "/api/v1/deployments/d-1/log-collection", "command-side"},
                    {"DELETE", "/api/v1/targets/t-1", "command-side"},
                    {"POST", "/api/v1/targets/t-1/reconnect", "command-side"},
                    {"GET", "/api/v1/admin/projections", "query-side"},
                    {"POST", "/api/v1/admin/projections/target-status/replay", "query-side"},
                    {"GET", "/v3/api-docs", "query-side"},
                    {"GET", "/swagger-ui/index.html", "query-side"},
                    {"GET", "/actuator/health", "query-side"},
                    {"GET", "/", "query-side"},
            };
            for (String[] row : table) {
                HttpRequest.BodyPublisher body = row[0].equals("GET") || row[0].equals("HEAD")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}");
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + row[1]))
                        .method(row[0], body).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                String request = row[0] + " " + row[1];
                assertThat(answer.statusCode()).as(request).isEqualTo(200);
                assertThat(answer.headers().firstValue("X-Backend")).as(request).contains(row[2]);
                assertThat(answer.headers().firstValue("X-Seen")).as(request).contains(request);
                assertThat(answer.headers().firstValue("X-Seen-Host")).as(request).contains("127.0.0.1:" + port);
            }

            // a full 10 MiB body (plus envelope) passes to Vigil, which enforces the protocol's limit itself ...
            byte[] tenMebibytes = new byte[10 * 1024 * 1024 + 4096];
            HttpResponse<String> big = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/agent/v1/logs"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(tenMebibytes)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(big.statusCode()).isEqualTo(200);
            assertThat(big.headers().firstValue("X-Seen-Length")).contains(String.valueOf(tenMebibytes.length));
            // ... and a much larger one is refused by the proxy before it is read
            assertThat(statusOfDeclaredBody(port, "/api/agent/v1/logs", 64L * 1024 * 1024)).isEqualTo(413);
        } finally {
            if (nginx != null) {
                stop(nginx);
            }
            command.stop(0);
            query.stop(0);
            deleteRecursively(dir);
        }
    }

    // ---------------------------------------------------------------- nginx helpers

    /** The shipped configuration, moved onto loopback ports and a private prefix; nothing else changes. */
    private static String localConfiguration(Path dir, int port, int commandPort, int queryPort) throws Exception {
        String conf = nginxConf;
        conf = replaceRequired(conf, Pattern.quote("command-side:8080"), "127.0.0.1:" + commandPort);
        conf = replaceRequired(conf, Pattern.quote("query-side:8080"), "127.0.0.1:" + queryPort);
        conf = replaceRequired(conf, "(?m)^(\\s*)listen\\s+8080\\s*;", "$1listen 127.0.0.1:" + port + ";");
        conf = replaceRequired(conf, "(?m)^pid\\s+[^;]+;",
                Matcher.quoteReplacement("pid " + dir.resolve("nginx.pid") + ";"));
        conf = conf.replaceFirst("(?m)^worker_processes\\s+[^;]+;", "worker_processes 1;");
        StringBuilder temp = new StringBuilder("http {\n");
        String configureArguments = run(List.of("nginx", "-V"), System.getenv(), Duration.ofSeconds(10)).output();
        for (String module : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            if (!configureArguments.contains("--without-http_" + module + "_module")) {
                temp.append("    ").append(module).append("_temp_path ").append(dir.resolve(module + "_temp")).append(";\n");
            }
        }
        return replaceRequired(conf, "(?m)^http\\s*\\{\\n", Matcher.quoteReplacement(temp.toString()));
    }

    private static String replaceRequired(String text, String regex, String replacement) {
        Pattern pattern = Pattern.compile(regex);
        assertThat(pattern.matcher(text).find()).as("nginx.conf contains %s", regex).isTrue();
        return pattern.matcher(text).replaceAll(replacement);
    }

    private static HttpServer stub(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            long length;
            try (InputStream body = exchange.getRequestBody()) {
                length = body.transferTo(OutputStream.nullOutputStream());
            }
            exchange.getResponseHeaders().add("X-Backend", name);
            exchange.getResponseHeaders().add("X-Seen", exchange.getRequestMethod() + " " + exchange.getRequestURI());
            exchange.getResponseHeaders().add("X-Seen-Host", String.valueOf(exchange.getRequestHeaders().getFirst("Host")));
            exchange.getResponseHeaders().add("X-Seen-Length", String.valueOf(length));
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
            } else {
                byte[] answer = name.getBytes(UTF_8);
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    /** Sends only the request head of a POST that declares {@code length} bytes, and reads the status. */
    private static int statusOfDeclaredBody(int port, String path, long length) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n").getBytes(UTF_8));
            socket.getOutputStream().flush();
            String head = new String(socket.getInputStream().readNBytes(12), UTF_8); // "HTTP/1.1 413"
            return Integer.parseInt(head.substring(9, 12));
        }
    }

    private static void awaitListening(Process nginx, int port, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!nginx.isAlive()) {
                String output = Files.readString(log, UTF_8);
                if (output.contains("Permission denied")) {
                    Assumptions.abort("nginx could not start as this user: " + output);
                }
                fail("nginx stopped (exit " + nginx.exitValue() + "):\n" + output);
            }
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        fail("nginx did not listen on " + port + ":\n" + Files.readString(log, UTF_8));
    }

    private static void stop(Process process) throws InterruptedException {
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroy(); // SIGTERM: nginx's fast shutdown, workers included
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        workers.forEach(ProcessHandle::destroyForcibly);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * The prefix locations of the proxy, what each sends to, and the request-method map: enough to answer
     * "which service gets this request" the way nginx does for prefix locations (the longest prefix wins).
     */
    record NginxRoutes(Map<String, String> locations, Map<String, String> variables,
                       Map<String, Map<String, String>> methodMaps) {

        static NginxRoutes parse(String conf) {
            String text = conf.replaceAll("(?m)#.*$", "");
            assertThat(text).as("only prefix locations (regex locations would change the matching)")
                    .doesNotContainPattern("location\\s+[~=^]");
            Map<String, String> locations = new LinkedHashMap<>();
            Matcher location = Pattern.compile("location\\s+(\\S+)\\s*\\{([^}]*)}").matcher(text);
            while (location.find()) {
                Matcher pass = Pattern.compile("proxy_pass\\s+http://\\$(\\w+)\\s*;").matcher(location.group(2));
                assertThat(pass.find()).as("location %s proxies to a variable", location.group(1)).isTrue();
                locations.put(location.group(1), pass.group(1));
            }
            Map<String, String> variables = new LinkedHashMap<>();
            Matcher set = Pattern.compile("set\\s+\\$(\\w+)\\s+([^;\\s]+)\\s*;").matcher(text);
            while (set.find()) {
                variables.put(set.group(1), set.group(2));
            }
            Map<String, Map<String, String>> methodMaps = new LinkedHashMap<>();
            Matcher map = Pattern.compile("map\\s+\\$request_method\\s+\\$(\\w+)\\s*\\{([^}]*)}").matcher(text);
            while (map.find()) {
                Map<String, String> entries = new LinkedHashMap<>();
                for (String line : map.group(2).split(";")) {
                    String[] parts = line.trim().split("\\s+");
                    if (parts.length == 2) {
                        entries.put(parts[0], parts[1]);
                    }
                }
                methodMaps.put(map.group(1), entries);
            }
            return new NginxRoutes(locations, variables, methodMaps);
        }

        /** The compose service a request goes to. */
        String backend(String path, String method) {
            String prefix = locations.keySet().stream().filter(path::startsWith)
                    .max((a, b) -> Integer.compare(a.length(), b.length()))
                    .orElseThrow(() -> new AssertionError("no location matches " + path));
            String variable = locations.get(prefix);
            String target = Optional.ofNullable(variables.get(variable)).orElseGet(() -> {
                Map<String, String> byMethod = methodMaps.get(variable);
                assertThat(byMethod).as("$%s is set or mapped from $request_method", variable).isNotNull();
                return byMethod.getOrDefault(method, byMethod.get("default"));
            });
            return target.split(":")[0];
        }
    }

    // ---------------------------------------------------------------- compose helpers

    /** {@code docker compose} (the plugin) if it works, else {@code docker-compose}, else null. */
    private static List<String> composeCommand() {
        if (installed(List.of("docker", "compose", "version"))) {
            return List.of("docker", "compose");
        }
        if (installed(List.of("docker-compose", "version"))) {
            return List.of("docker-compose");
        }
        return null;
    }

    private String replSetOfMongo() {
        List<Object> command = list(service("mongo").get("command"), "mongo.command");
        int flag = command.indexOf("--replSet");
        assertThat(flag).as("mongod runs as a replica set member").isNotNegative();
        String name = string(command.get(flag + 1));
        assertThat(list(map(service("mongo").get("healthcheck"), "mongo.healthcheck").get("test"), "test"))
                .as("the healthcheck initiates the replica set").anySatisfy(part ->
                        assertThat(string(part)).contains("rs.initiate").contains("'" + name + "'")
                                .contains("mongo:27017"));
        return name;
    }

    private static void dependsOnHealthy(String service, String dependency) {
        Map<String, Object> dependsOn = map(service(service).get("depends_on"), service + ".depends_on");
        assertThat(map(dependsOn.get(dependency), service + ".depends_on." + dependency).get("condition"))
                .isEqualTo("service_healthy");
        assertThat(service(dependency)).as("%s has a healthcheck", dependency).containsKey("healthcheck");
    }

    private static Map<String, String> environment(String service) {
        Object environment = service(service).get("environment");
        Map<String, String> env = new LinkedHashMap<>();
        if (environment instanceof List<?> entries) {
            for (Object entry : entries) {
                String[] pair = string(entry).split("=", 2);
                env.put(pair[0], pair.length > 1 ? pair[1] : null);
            }
        } else {
            map(environment, service + ".environment").forEach((key, value) -> env.put(key, string(value)));
        }
        return env;
    }

    private static String publishedPort(Object port) {
        if (port instanceof Map<?, ?> longSyntax) {
            return string(longSyntax.get("published"));
        }
        String[] parts = string(port).split(":");
        return parts.length >= 2 ? parts[parts.length - 2] : null; // [ip:]published:target
    }

    private static Map<String, Object> service(String name) {
        return map(services.get(name), "services." + name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        assertThat(value).as(what).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value, String what) {
        assertThat(value).as(what).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    private static String string(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isRegularFile(dir.resolve("docker-compose.yml"))
                && Files.isRegularFile(dir.resolve("mvnw")))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root (with docker-compose.yml) above %s", Path.of("").toAbsolutePath())
                .isNotNull();
        return dir;
    }

    // ---------------------------------------------------------------- processes

    record Result(int exitCode, String output) {}

    private static boolean installed(List<String> command) {
        try {
            return run(command, System.getenv(), Duration.ofSeconds(30)).exitCode() == 0;
        } catch (IOException notOnPath) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Result run(List<String> command, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        Path output = Files.createTempFile("vigil-compose-test-", ".out");
        try {
            Process process = builder.redirectOutput(output.toFile()).start();
            process.getOutputStream().close(); // no input
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(-1, command + " timed out after " + timeout);
            }
            return new Result(process.exitValue(), Files.readString(output, UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
