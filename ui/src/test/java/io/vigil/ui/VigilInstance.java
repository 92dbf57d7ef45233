package io.vigil.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real Vigil (the all-in-one launcher) started in this JVM on a free port, on a data directory of the
 * test's choosing, with the test's clock. Tests speak HTTP to it as agents and people do.
 */
public final class VigilInstance implements AutoCloseable {

    public static final String ADMIN_PASSWORD = "test-admin-password";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConfigurableApplicationContext context;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    private VigilInstance(ConfigurableApplicationContext context) {
        this.context = context;
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.base = "http://127.0.0.1:" + port;
    }

    /**
     * @param extraArgs further {@code --key=value} arguments (arguments, because builder properties are
     *                  only defaults that application.properties would override)
     */
    public static VigilInstance start(Path dataDir, Clock clock, String... extraArgs) {
        return start(VigilApplication.class, dataDir, clock, extraArgs);
    }

    /** Starts one of the applications: the all-in-one, or the command side or the query side alone. */
    public static VigilInstance start(Class<?> application, Path dataDir, Clock clock, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of(
                "--vigil.data-dir=" + dataDir,
                "--vigil.admin-password=" + ADMIN_PASSWORD,
                "--vigil.security.bcrypt-strength=4",
                "--vigil.status.sweep-interval=100ms",
                "--spring.main.banner-mode=off"));
        args.addAll(List.of(extraArgs));
        // a free port unless the test needs to know it before the start (e.g. for vigil.public-url)
        if (args.stream().noneMatch(arg -> arg.startsWith("--server.port="))) {
            args.add("--server.port=0");
        }
        // many tests send wrong credentials on purpose; only the throttling tests keep the real limits
        for (String limit : List.of("--vigil.security.sign-in-failures=", "--vigil.agent.login-failures=")) {
            if (args.stream().noneMatch(arg -> arg.startsWith(limit))) {
                args.add(limit + "1000");
            }
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("clock", clock))
                .run(args.toArray(String[]::new));
        return new VigilInstance(context);
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public String baseUrl() {
        return base;
    }

    @Override
    public void close() {
        context.close();
    }

    // --- HTTP as a person (admin, HTTP Basic) and as an agent -------------------------------------

    public record Answer(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    public Answer get(String path) {
        return send(request(path).GET(), basic("admin", ADMIN_PASSWORD));
    }

    /** The {@code items} of a page the query API answers the admin (asserting the 200). */
    public List<JsonNode> items(String path) {
        Answer answer = get(path);
        assertThat(answer.status()).as(path + " → " + answer.body()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        answer.json().get("items").forEach(items::add);
        return items;
    }

    public Answer post(String path, String json) {
        return send(request(path).POST(body(json)).header("Content-Type", "application/json"),
                basic("admin", ADMIN_PASSWORD));
    }

    /**
     * For an answer that may be an endless stream (a live tail): the status and headers, then the stream is
     * closed; the body is read only when it is a (finite) problem document.
     */
    public Answer sendForStatus(HttpRequest.Builder request, String authorization) {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<java.io.InputStream> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream body = response.body()) {
                boolean problem = response.headers().firstValue("Content-Type").orElse("")
                        .startsWith("application/problem+json");
                return new Answer(response.statusCode(),
                        problem ? new String(body.readAllBytes(), StandardCharsets.UTF_8) : "(stream)", null);
            }
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public Answer send(HttpRequest.Builder request, String authorization) {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    }

    public static HttpRequest.BodyPublisher body(String json) {
        return HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8);
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits up to {@code max} until the condition holds (for work outside the hub, e.g. a Docker agent's). */
    public static void await(String what, BooleanSupplier condition, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Projections are eventually consistent: wait (bounded) until the condition holds. */
    public static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
