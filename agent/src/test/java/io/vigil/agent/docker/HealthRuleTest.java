package io.vigil.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.vigil.kernel.deployment.DeploymentStatus;

class HealthRuleTest {

    static ContainerState running(String name, String health) {
        return new ContainerState(name, "running", health, 0, 0);
    }

    static ContainerState state(String name, String state, int exitCode, int restarts) {
        return new ContainerState(name, state, null, exitCode, restarts);
    }

    static Arguments row(DeploymentStatus status, String message, ContainerState... containers) {
        return Arguments.of(Arrays.asList(containers), status, message);
    }

    static Stream<Arguments> table() {
        return Stream.of(
                row(DeploymentStatus.ERROR, "no containers"),
                row(DeploymentStatus.HEALTHY, "1 healthy", running("web-1", "healthy")),
                row(DeploymentStatus.RUNNING, "1 running (no healthcheck)", running("web-1", null)),
                row(DeploymentStatus.RUNNING, "1 healthy, 1 running (no healthcheck)",
                        running("web-1", "healthy"), running("worker-1", null)),
                row(DeploymentStatus.PROGRESSING, "1 starting", running("web-1", "starting")),
                row(DeploymentStatus.PROGRESSING, "1 starting", state("web-1", "created", 0, 0)),
                row(DeploymentStatus.PROGRESSING, "2 healthy, 1 running (no healthcheck), 1 starting",
                        running("api-1", "healthy"), running("api-2", "healthy"), running("cron-1", null),
                        running("web-1", "starting")),
                row(DeploymentStatus.PROGRESSING, "1 healthy, 1 restarting (web-1: 1 restarts)",
                        running("db-1", "healthy"), state("web-1", "restarting", 1, 1)),
                row(DeploymentStatus.ERROR, "1 restarting in a loop (web-1: 5 restarts)", state("web-1", "restarting", 1, 5)),
                row(DeploymentStatus.ERROR, "1 healthy, 1 unhealthy (web-1)", running("db-1", "healthy"),
                        running("web-1", "unhealthy")),
                row(DeploymentStatus.ERROR, "1 starting, 1 exited (job-1: exit code 3)", running("web-1", "starting"),
                        state("job-1", "exited", 3, 0)),
                row(DeploymentStatus.ERROR, "1 exited (job-1: exit code 0)", state("job-1", "exited", 0, 0)),
                row(DeploymentStatus.ERROR, "1 dead (web-1)", state("web-1", "dead", 0, 0)),
                row(DeploymentStatus.ERROR, "1 paused (web-1)", state("web-1", "paused", 0, 0)),
                row(DeploymentStatus.ERROR, "1 unhealthy (a-1), 2 exited (b-1: exit code 1, c-1: exit code 137)",
                        state("c-1", "exited", 137, 0), running("a-1", "unhealthy"), state("b-1", "exited", 1, 0)));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("table")
    void theWorstContainerDecidesAndTheMessageCountsEveryKind(List<ContainerState> containers, DeploymentStatus status,
                                                               String message) {
        HealthRule.Verdict verdict = HealthRule.evaluate(containers);
        assertThat(verdict.status()).isEqualTo(status);
        assertThat(verdict.message()).isEqualTo(message);
    }
}
