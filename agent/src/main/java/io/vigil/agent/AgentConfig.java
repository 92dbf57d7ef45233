package io.vigil.agent;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The agent's settings, from {@code --key=value} arguments or the matching environment variables
 * ({@code --hub-url} ⇐ {@code VIGIL_HUB_URL}); arguments win.
 *
 * @param hubUrl        the hub's address, e.g. {@code https://vigil.example.com}
 * @param targetId      the target's id (from the connect command)
 * @param targetSecret  the target's secret (never logged)
 * @param dataDir       spool, acknowledged log positions and applied Compose files
 * @param dockerHost    the Docker Engine API ({@code DOCKER_HOST})
 * @param hostRoot      where the host's root filesystem is visible ({@code /}, or e.g. {@code /host} in a container)
 * @param spoolMaxBytes bound of the on-disk spool; the oldest batches are dropped beyond it
 */
public record AgentConfig(String hubUrl, String targetId, String targetSecret, Path dataDir, String dockerHost,
                          Path hostRoot, long spoolMaxBytes) {

    public static final long DEFAULT_SPOOL_BYTES = 64L * 1024 * 1024;

    public static AgentConfig from(String[] args, Map<String, String> env) {
        Map<String, String> values = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments are --key=value, not " + arg);
            }
            values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return new AgentConfig(
                required(values, env, "hub-url"),
                required(values, env, "target-id"),
                required(values, env, "target-secret"),
                Path.of(value(values, env, "data-dir", "./vigil-agent-data")),
                value(values, env, "docker-host", env.getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock")),
                Path.of(value(values, env, "host-root", "/")),
                Long.parseLong(value(values, env, "spool-max-bytes", Long.toString(DEFAULT_SPOOL_BYTES))));
    }

    /** Our mount table: on the host it is the host's; in a container the host's disks are the mounts below hostRoot. */
    public Path mountInfo() {
        return Path.of("/proc/self/mountinfo");
    }

    @Override
    public String toString() {
        return "AgentConfig[hubUrl=" + hubUrl + ", targetId=" + targetId + ", dataDir=" + dataDir + ", dockerHost="
                + dockerHost + ", hostRoot=" + hostRoot + ", spoolMaxBytes=" + spoolMaxBytes + "]";
    }

    private static String envName(String key) {
        return key.equals("docker-host") ? "VIGIL_DOCKER_HOST"
                : "VIGIL_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static String value(Map<String, String> values, Map<String, String> env, String key, String fallback) {
        String v = values.getOrDefault(key, env.get(envName(key)));
        return v == null || v.isBlank() ? fallback : v;
    }

    private static String required(Map<String, String> values, Map<String, String> env, String key) {
        String v = value(values, env, key, null);
        if (v == null) {
            throw new IllegalArgumentException("missing setting --" + key + " (or " + envName(key) + ")");
        }
        return v;
    }
}
