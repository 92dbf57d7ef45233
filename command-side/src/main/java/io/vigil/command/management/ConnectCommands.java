package io.vigil.command.management;

import io.vigil.kernel.protocol.AgentProtocol;
import io.vigil.kernel.target.TargetType;

/**
 * The one-liner a person runs on the target: it fetches the agent's installation from the hub's connect
 * endpoint (a Compose file for Docker, a manifest for Kubernetes) and applies it. Applying it again
 * (after a Reconnect) replaces the running agent with one that uses the new secret. The URL is
 * single-quoted for the shell; ids and secrets are UUIDs or URL-safe base64, so no quote can occur.
 */
public final class ConnectCommands {

    private ConnectCommands() {
    }

    public static String url(String hubUrl, String targetId, String secret) {
        String base = hubUrl.endsWith("/") ? hubUrl.substring(0, hubUrl.length() - 1) : hubUrl;
        return base + AgentProtocol.BASE_PATH + "/connect?targetId=" + targetId + "&targetSecret=" + secret;
    }

    public static String forTarget(TargetType type, String hubUrl, String targetId, String secret) {
        String fetch = "curl -fsSL '" + url(hubUrl, targetId, secret) + "'";
        return switch (type) {
            // project vigil-agent, so applying it again replaces the running agent
            case DOCKER -> fetch + " | docker compose -p vigil-agent -f - up -d";
            case KUBERNETES -> fetch + " | kubectl apply -f -";
        };
    }
}
