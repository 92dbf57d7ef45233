package io.vigil.agent.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies a revision's Compose file with the Compose CLI — {@code docker compose} (v2) when the Docker
 * CLI has it, else {@code docker-compose} (v1) — under project name = deployment id. A generated override
 * file labels every service with the deployment and revision ids, so logs and status can name the
 * revision that started a container.
 */
public final class ComposeRunner {

    private static final Pattern VERSION = Pattern.compile("(?m)^version:\\s*(.+?)\\s*$");
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final List<String> compose;
    private final Map<String, String> environment;

    private ComposeRunner(List<String> compose, Map<String, String> environment) {
        this.compose = compose;
        this.environment = environment;
    }

    /** Finds the Compose CLI on this host; null when neither is installed. */
    public static ComposeRunner detect(String dockerHost) {
        Map<String, String> env = dockerHost == null ? Map.of() : Map.of("DOCKER_HOST", dockerHost);
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            try {
                List<String> command = new ArrayList<>(candidate);
                command.add("version");
                if (run(command, env, null).exitCode() == 0) {
                    return new ComposeRunner(candidate, env);
                }
            } catch (IOException e) {
                // not installed
            }
        }
        return null;
    }

    public record Result(int exitCode, String output) {}

    public String describe() {
        return String.join(" ", compose);
    }

    /**
     * Writes the revision's files under {@code workDir} and runs {@code up -d --remove-orphans}.
     *
     * @return the outcome; a non-zero exit code carries Compose's output
     */
    public Result apply(String deploymentId, String revisionId, String composeFile, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Path main = workDir.resolve("docker-compose.yml");
        Files.writeString(main, composeFile, StandardCharsets.UTF_8);
        Result services = run(command(deploymentId, List.of(main), "config", "--services"), environment, workDir);
        if (services.exitCode() != 0) {
            return services;
        }
        Path labels = workDir.resolve("vigil-labels.yml");
        Files.writeString(labels, labelOverride(composeFile, deploymentId, revisionId,
                services.output().lines().map(String::strip).filter(s -> !s.isEmpty()).toList()), StandardCharsets.UTF_8);
        return run(command(deploymentId, List.of(main, labels), "up", "-d", "--remove-orphans"), environment, workDir);
    }

    /** An override file adding Vigil's labels to each service, in the main file's format version. */
    static String labelOverride(String composeFile, String deploymentId, String revisionId, List<String> services) {
        StringBuilder yaml = new StringBuilder();
        Matcher version = VERSION.matcher(composeFile);
        if (version.find()) {
            yaml.append("version: ").append(version.group(1)).append('\n');
        }
        yaml.append("services:\n");
        for (String service : services) {
            yaml.append("  ").append(quote(service)).append(":\n")
                    .append("    labels:\n")
                    .append("      ").append(DockerEngine.DEPLOYMENT_LABEL).append(": ").append(quote(deploymentId)).append('\n')
                    .append("      ").append(DockerEngine.REVISION_LABEL).append(": ").append(quote(revisionId)).append('\n');
        }
        return yaml.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private List<String> command(String project, List<Path> files, String... args) {
        List<String> command = new ArrayList<>(compose);
        command.add("-p");
        command.add(project);
        for (Path f : files) {
            command.add("-f");
            command.add(f.toString());
        }
        command.addAll(List.of(args));
        return command;
    }

    private static Result run(List<String> command, Map<String, String> env, Path dir) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        Process process = builder.start();
        try {
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out after " + TIMEOUT);
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
