package io.vigil.command.agent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Target secrets: 256 random bits, shown once, stored only as a SHA-256 hash and compared in constant
 * time. A slow password hash buys nothing for a secret this random and would cost every agent login.
 */
public final class TargetSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "vgs_";

    private TargetSecrets() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String secret) {
        return HexFormat.of().formatHex(sha256(secret.getBytes(StandardCharsets.UTF_8)));
    }

    public static boolean matches(String secret, String expectedHash) {
        if (secret == null || expectedHash == null) {
            return false;
        }
        byte[] expected = HexFormat.of().parseHex(expectedHash);
        return MessageDigest.isEqual(sha256(secret.getBytes(StandardCharsets.UTF_8)), expected);
    }

    static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
