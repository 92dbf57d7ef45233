package io.vigil.agent.docker;

/**
 * What the health rule needs to know of one container.
 *
 * @param resource     Compose service and replica, e.g. {@code backend-1}
 * @param state        Docker's {@code State.Status}: created, running, restarting, paused, exited, dead, removing
 * @param health       {@code State.Health.Status} (starting, healthy, unhealthy), or null without a healthcheck
 * @param exitCode     {@code State.ExitCode}
 * @param restartCount {@code RestartCount}
 */
public record ContainerState(String resource, String state, String health, int exitCode, int restartCount) {}
