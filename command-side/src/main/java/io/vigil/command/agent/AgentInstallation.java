package io.vigil.command.agent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.vigil.kernel.target.TargetType;

/**
 * What the connect endpoint answers: everything that installs and starts the agent on a target, with the
 * hub URL, target id and secret filled in. Docker: a Compose file (project {@code vigil-agent}); applying
 * it again with a new secret recreates the container. The project name is given on the command line, not
 * by a top-level {@code name:}, which Compose v1 (Debian 12's docker-compose) rejects; the volume is named,
 * so the spool is the same whatever the project is called. Kubernetes: namespace, secret, service account with
 * read access, and a deployment whose pod template names a hash of the secret, so a new secret rolls it.
 * Values are double-quoted YAML scalars; ids and secrets are UUIDs or URL-safe base64, and the hub URL and
 * image come from configuration, so they are escaped anyway.
 */
public final class AgentInstallation {

    private AgentInstallation() {
    }

    public static String forTarget(TargetType type, String hubUrl, String targetId, String secret, String image) {
        return switch (type) {
            case DOCKER -> compose(hubUrl, targetId, secret, image);
            case KUBERNETES -> kubernetes(hubUrl, targetId, secret, image);
        };
    }

    private static String compose(String hubUrl, String targetId, String secret, String image) {
        return """
                # Vigil agent for target %s. This file holds the target's secret: keep it private.
                # Apply it as project vigil-agent (docker compose -p vigil-agent -f FILE up -d).
                services:
                  agent:
                    image: %s
                    container_name: vigil-agent
                    restart: unless-stopped
                    environment:
                      VIGIL_HUB_URL: %s
                      VIGIL_TARGET_ID: %s
                      VIGIL_TARGET_SECRET: %s
                    volumes:
                      - /var/run/docker.sock:/var/run/docker.sock
                      # the host's disks for metrics; rslave so mounts made after start are seen too
                      - /:/host:ro,rslave
                      # the log spool and positions survive a new agent container
                      - vigil-agent:/var/lib/vigil-agent
                volumes:
                  vigil-agent:
                    name: vigil-agent
                """.formatted(targetId, quote(image), quote(hubUrl), quote(targetId), quote(secret));
    }

    private static String kubernetes(String hubUrl, String targetId, String secret, String image) {
        return """
                # Vigil agent for target %s. This manifest holds the target's secret: keep it private.
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: vigil
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: vigil-agent
                  namespace: vigil
                type: Opaque
                stringData:
                  VIGIL_HUB_URL: %s
                  VIGIL_TARGET_ID: %s
                  VIGIL_TARGET_SECRET: %s
                ---
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: vigil-agent
                  namespace: vigil
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: vigil-agent
                rules:
                  - apiGroups: ["", "apps", "batch", "metrics.k8s.io"]
                    resources: ["*"]
                    verbs: ["get", "list", "watch"]
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata:
                  name: vigil-agent
                roleRef:
                  apiGroup: rbac.authorization.k8s.io
                  kind: ClusterRole
                  name: vigil-agent
                subjects:
                  - kind: ServiceAccount
                    name: vigil-agent
                    namespace: vigil
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: vigil-agent
                  namespace: vigil
                spec:
                  replicas: 1
                  selector:
                    matchLabels:
                      app: vigil-agent
                  template:
                    metadata:
                      labels:
                        app: vigil-agent
                      annotations:
                        vigil.io/credentials: %s
                    spec:
                      serviceAccountName: vigil-agent
                      containers:
                        - name: agent
                          image: %s
                          envFrom:
                            - secretRef:
                                name: vigil-agent
                """.formatted(targetId, quote(hubUrl), quote(targetId), quote(secret),
                quote(fingerprint(secret)), quote(image));
    }

    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Changes when the secret changes (rolls the pods), reveals nothing about it. */
    private static String fingerprint(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("vigil-rollout:" + secret)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
