package io.vigil.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/** Small helpers every benchmark needs. */
final class BenchSupport {

    private BenchSupport() {
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Best effort: a benchmark's temporary data must not outlive it, but a leftover file is no failure. */
    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    /**
     * The agents' HTTP client: Apache HttpClient's classic (blocking) API with up to {@code connections}
     * keep-alive connections. The load generator shares the 2 cores with the hub, and this costs it about a
     * third of the CPU per request of the JDK client (PERFORMANCE.md, "The load generator").
     */
    static CloseableHttpClient agentHttpClient(int connections) {
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(connections).setMaxConnPerRoute(connections)
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(10))
                                .setSocketTimeout(Timeout.ofSeconds(60)).build())
                        .build())
                .disableAutomaticRetries().disableCookieManagement().disableRedirectHandling()
                .disableContentCompression().build();
    }

    /** POSTs a JSON body as an agent (bearer token) on the calling thread; the answer's body is discarded. */
    static void postAsAgent(CloseableHttpClient http, URI uri, String token, byte[] json, int expected, PhaseStats stats,
                            long fromNanos) {
        HttpPost post = new HttpPost(uri);
        post.setHeader("Authorization", "Bearer " + token);
        post.setEntity(new ByteArrayEntity(json, ContentType.APPLICATION_JSON));
        try {
            int status = http.execute(post, response -> {
                EntityUtils.consume(response.getEntity());
                return response.getCode();
            });
            if (status == expected) {
                stats.recordOk(fromNanos, System.nanoTime());
            } else {
                stats.recordError("HTTP " + status, System.nanoTime());
            }
        } catch (IOException e) {
            stats.recordError(PhaseStats.rootCause(e), System.nanoTime());
        }
    }
}
