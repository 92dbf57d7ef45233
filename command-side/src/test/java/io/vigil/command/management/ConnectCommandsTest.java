package io.vigil.command.management;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.vigil.kernel.target.TargetType;

/** The one-liner a person copies onto the target fetches the agent's installation and applies it. */
class ConnectCommandsTest {

    private static final String HUB = "https://vigil.example.com";
    private static final String TARGET = "0f5c1a2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
    private static final String SECRET = "vgs_q7Vd-x_3kP0aZr9LmN2bYc4Ew8Ht1Ju6Ks5Fg0Oi2Ue";

    @ParameterizedTest(name = "{0}")
    @EnumSource(TargetType.class)
    void commandFetchesTheConnectEndpointWithTheTargetsCredentialsSingleQuoted(TargetType type) {
        assertThat(ConnectCommands.forTarget(type, HUB, TARGET, SECRET))
                .startsWith("curl -fsSL '" + HUB + "/api/agent/v1/connect?targetId=" + TARGET
                        + "&targetSecret=" + SECRET + "' | ")
                .doesNotContain("\n");
    }

    @Test
    void dockerCommandAppliesTheComposeFileDetached() {
        assertThat(ConnectCommands.forTarget(TargetType.DOCKER, HUB, TARGET, SECRET))
                .endsWith("' | docker compose -p vigil-agent -f - up -d");
    }

    @Test
    void kubernetesCommandAppliesTheManifest() {
        assertThat(ConnectCommands.forTarget(TargetType.KUBERNETES, HUB + "/", TARGET, SECRET))
                .startsWith("curl -fsSL '" + HUB + "/api/agent/v1/connect?")
                .endsWith("' | kubectl apply -f -");
    }
}
