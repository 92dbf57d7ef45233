package io.vigil.platform;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Every setting of Vigil, with its unit and default (DESIGN §4b). Environment variables bind in relaxed
 * form, e.g. {@code VIGIL_STATUS_STALE_AFTER=5s}. docs/CONFIGURATION.md lists them for users.
 */
@ConfigurationProperties("vigil")
public record VigilProperties(Path dataDir, String publicUrl, Mongodb mongodb, Status status, Agent agent,
                              Metrics metrics, Logs logs, Security security) {

    public VigilProperties {
        dataDir = dataDir == null ? Path.of("./data") : dataDir;
        publicUrl = publicUrl == null ? "http://localhost:8080" : publicUrl;
        mongodb = mongodb == null ? new Mongodb(null, null, null, null) : mongodb;
        status = status == null ? new Status(null, null, null) : status;
        agent = agent == null ? new Agent(null, null, null) : agent;
        metrics = metrics == null ? new Metrics(null, null) : metrics;
        logs = logs == null ? new Logs(null, null) : logs;
        security = security == null ? new Security(null) : security;
    }

    /**
     * {@code uri} blank means: start the embedded MongoDB wire-protocol server under the data dir, on
     * loopback port {@code embeddedPort} (0 = any free port), with a page cache of {@code embeddedCacheMb}
     * (default {@value #EMBEDDED_CACHE_MB} MB). Small on purpose: MVStore writes every changed page to a new
     * place on each commit and caches each version read back, so for collections rewritten all the time
     * (presence) the cache holds mostly dead versions; a large one kept them alive for tens of seconds, long
     * enough to be copied by every young collection and promoted (docs/PERFORMANCE.md, "Heartbeats").
     */
    public record Mongodb(String uri, String database, Integer embeddedPort, Integer embeddedCacheMb) {
        static final int EMBEDDED_CACHE_MB = 32;

        public Mongodb {
            database = database == null || database.isBlank() ? "vigil" : database;
            embeddedPort = embeddedPort == null ? 0 : embeddedPort;
            embeddedCacheMb = embeddedCacheMb == null ? EMBEDDED_CACHE_MB : embeddedCacheMb;
        }

        public boolean embedded() {
            return uri == null || uri.isBlank();
        }
    }

    /**
     * Staleness: silence longer than {@code staleAfter} is Stale; the sweeper looks every
     * {@code sweepInterval}; heartbeat times reach the presence store within {@code presenceFlushInterval}
     * (write-behind, at most 1 s, so the threshold stays exact to the second).
     */
    public record Status(Duration staleAfter, Duration sweepInterval, Duration presenceFlushInterval) {
        public Status {
            staleAfter = staleAfter == null ? Duration.ofSeconds(60) : staleAfter;
            sweepInterval = sweepInterval == null ? Duration.ofSeconds(5) : sweepInterval;
            presenceFlushInterval = presenceFlushInterval == null ? Duration.ofMillis(500) : presenceFlushInterval;
            if (presenceFlushInterval.isNegative() || presenceFlushInterval.isZero()
                    || presenceFlushInterval.compareTo(Duration.ofSeconds(1)) > 0) {
                throw new IllegalArgumentException("vigil.status.presence-flush-interval must be between 1ms and 1s");
            }
        }
    }

    public record Agent(Duration heartbeatInterval, Duration tokenTtl, String image) {
        public Agent {
            heartbeatInterval = heartbeatInterval == null ? Duration.ofSeconds(5) : heartbeatInterval;
            tokenTtl = tokenTtl == null ? Duration.ofMinutes(15) : tokenTtl;
            image = image == null ? "vigil/agent:latest" : image;
        }
    }

    public record Metrics(Duration interval, Duration retention) {
        public Metrics {
            interval = interval == null ? Duration.ofSeconds(30) : interval;
            retention = retention == null ? Duration.ofDays(7) : retention;
        }
    }

    /** bcrypt cost of new password hashes (4..31); lower it only for benchmarks and tests. */
    public record Security(Integer bcryptStrength) {
        public Security {
            bcryptStrength = bcryptStrength == null ? 10 : bcryptStrength;
        }
    }

    public record Logs(Integer activeRevisions, Duration retention) {
        public Logs {
            activeRevisions = activeRevisions == null ? 5 : activeRevisions;
            retention = retention == null ? Duration.ofDays(30) : retention;
        }
    }
}
