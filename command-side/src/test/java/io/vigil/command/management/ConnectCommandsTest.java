package io.vigil.command.management;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.vigil.kernel.target.TargetType;

/** The one-liner a person copies onto the target gives the agent everything it needs to connect. */
class ConnectCommandsTest {

    private static final String HUB = "https://vigil.example.com";
    private static final String TARGET = "0f5c1a2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
    private static final String SECRET = "vgs_q7Vd-x_3kP0aZr9LmN2bYc4Ew8Ht1Ju6Ks5Fg0Oi2Ue";
    private static final String IMAGE = "ghcr.io/vigil/agent:1.0.0";

    @ParameterizedTest(name = "{0}")
    @EnumSource(TargetType.class)
    void commandHandsTheAgentHubUrlTargetIdAndSecretSingleQuoted(TargetType type) {
        String command = ConnectCommands.forTarget(type, HUB, TARGET, SECRET, IMAGE);

        assertThat(command)
                .contains("VIGIL_HUB_URL='" + HUB + "'")
                .contains("VIGIL_TARGET_ID='" + TARGET + "'")
                .contains("VIGIL_TARGET_SECRET='" + SECRET + "'")
                .contains(IMAGE)
                .doesNotContain("\n");
    }

    @Test
    void dockerCommandRunsTheImageDetachedWithTheDockerSocketAndTheHostReadOnly() {
        String command = ConnectCommands.forTarget(TargetType.DOCKER, HUB, TARGET, SECRET, IMAGE);

        assertThat(command)
                .startsWith("docker rm -f vigil-agent >/dev/null 2>&1; docker run -d ")
                .contains("--restart unless-stopped")
                .contains("-v /var/run/docker.sock:/var/run/docker.sock")
                .contains("-v /:/host:ro")
                .contains("-v vigil-agent:/var/lib/vigil-agent") // the spool survives a new agent container
                .endsWith(" " + IMAGE);
    }

    @Test
    void runningTheConnectCommandAgainReplacesTheAgentInsteadOfFailing() {
        assertThat(ConnectCommands.forTarget(TargetType.DOCKER, HUB, TARGET, SECRET, IMAGE))
                .startsWith("docker rm -f vigil-agent");
        assertThat(ConnectCommands.forTarget(TargetType.KUBERNETES, HUB, TARGET, SECRET, IMAGE))
                .contains("--dry-run=client -o yaml | kubectl apply -f -")
                .contains("rollout restart");
    }

    @Test
    void kubernetesCommandKeepsTheCredentialsInASecretOfTheAgentsNamespace() {
        String command = ConnectCommands.forTarget(TargetType.KUBERNETES, HUB, TARGET, SECRET, IMAGE);

        assertThat(command)
                .startsWith("kubectl ")
                .contains("kubectl -n vigil create secret generic vigil-agent")
                .contains("--from-literal=VIGIL_TARGET_SECRET='" + SECRET + "'")
                .contains("--image=" + IMAGE)
                .contains("--from=secret/vigil-agent");
        assertThat(command.indexOf("create secret")).isLessThan(command.indexOf("--from=secret/vigil-agent"));
    }
}
