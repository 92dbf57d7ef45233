package io.vigil.command.management;

import io.vigil.kernel.target.TargetType;

/**
 * The one-liner a person runs on the target to start the agent with its credentials. Running it again
 * (after re-registering a target) replaces the agent instead of failing. Values are single-quoted for
 * the shell; ids and secrets are URL-safe base64 or UUIDs, so no quote can occur.
 */
public final class ConnectCommands {

    private ConnectCommands() {
    }

    public static String forTarget(TargetType type, String hubUrl, String targetId, String secret, String image) {
        return switch (type) {
            case DOCKER -> "docker rm -f vigil-agent >/dev/null 2>&1; "
                    + "docker run -d --name vigil-agent --restart unless-stopped"
                    + " -v /var/run/docker.sock:/var/run/docker.sock -v /:/host:ro,rslave -v vigil-agent:/var/lib/vigil-agent"
                    + " -e VIGIL_HUB_URL='" + hubUrl + "' -e VIGIL_TARGET_ID='" + targetId + "'"
                    + " -e VIGIL_TARGET_SECRET='" + secret + "' " + image;
            case KUBERNETES -> "kubectl create namespace vigil --dry-run=client -o yaml | kubectl apply -f - && "
                    + "kubectl -n vigil create secret generic vigil-agent"
                    + " --from-literal=VIGIL_HUB_URL='" + hubUrl + "' --from-literal=VIGIL_TARGET_ID='" + targetId + "'"
                    + " --from-literal=VIGIL_TARGET_SECRET='" + secret + "' --dry-run=client -o yaml | kubectl apply -f - && "
                    + "kubectl -n vigil create deployment vigil-agent --image=" + image
                    + " --dry-run=client -o yaml | kubectl apply -f - && "
                    + "kubectl -n vigil set env deployment/vigil-agent --from=secret/vigil-agent && "
                    + "kubectl -n vigil rollout restart deployment/vigil-agent";
        };
    }
}
