package io.vigil.kernel.deployment;

import static io.vigil.kernel.deployment.DeploymentStatus.ERROR;
import static io.vigil.kernel.deployment.DeploymentStatus.HEALTHY;
import static io.vigil.kernel.deployment.DeploymentStatus.NO_STATUS;
import static io.vigil.kernel.deployment.DeploymentStatus.PROGRESSING;
import static io.vigil.kernel.deployment.DeploymentStatus.RUNNING;
import static io.vigil.kernel.deployment.DeploymentStatus.STALE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Worst-wins roll-up of container statuses (DESIGN §3): Error &gt; Progressing &gt; Running &gt; Healthy. */
class DeploymentStatusTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("rollUps")
    void worstContainerStatusWins(List<DeploymentStatus> containers, DeploymentStatus deployment) {
        assertThat(DeploymentStatus.rollUp(containers)).isEqualTo(deployment);
    }

    static Stream<Arguments> rollUps() {
        return Stream.of(
                Arguments.of(List.of(HEALTHY), HEALTHY),
                Arguments.of(List.of(HEALTHY, HEALTHY), HEALTHY),
                Arguments.of(List.of(HEALTHY, RUNNING), RUNNING),
                Arguments.of(List.of(RUNNING, HEALTHY), RUNNING),
                Arguments.of(List.of(HEALTHY, PROGRESSING, RUNNING), PROGRESSING),
                Arguments.of(List.of(RUNNING, PROGRESSING), PROGRESSING),
                Arguments.of(List.of(PROGRESSING, ERROR), ERROR),
                Arguments.of(List.of(HEALTHY, RUNNING, PROGRESSING, ERROR), ERROR),
                Arguments.of(List.of(ERROR, HEALTHY), ERROR));
    }

    @Test
    void deploymentWithoutContainersIsError() {
        assertThat(DeploymentStatus.rollUp(List.of())).isEqualTo(ERROR);
    }

    @Test
    void hubConclusionsDoNotMaskWhatContainersReport() {
        assertThat(DeploymentStatus.rollUp(List.of(STALE, NO_STATUS, HEALTHY))).isEqualTo(HEALTHY);
    }

    @ParameterizedTest
    @EnumSource(value = DeploymentStatus.class, names = {"HEALTHY", "RUNNING", "PROGRESSING", "ERROR"})
    void agentMayReportWhatItObserves(DeploymentStatus status) {
        assertThat(status.reportable()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = DeploymentStatus.class, names = {"NO_STATUS", "STALE"})
    void onlyTheHubConcludesNoStatusAndStale(DeploymentStatus status) {
        assertThat(status.reportable()).isFalse();
    }
}
