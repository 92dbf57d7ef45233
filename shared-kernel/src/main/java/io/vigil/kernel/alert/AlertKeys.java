package io.vigil.kernel.alert;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Names of watched things within a target, usable as MongoDB field names (no dots, no leading {@code $}):
 * {@code cpu}, {@code memory}, {@code disk-<device, base64url>}, {@code deployment-<deployment id>}.
 */
public final class AlertKeys {

    private AlertKeys() {
    }

    public static String cpu() {
        return "cpu";
    }

    public static String memory() {
        return "memory";
    }

    public static String disk(String device) {
        return "disk-" + encode(device);
    }

    public static String deployment(String deploymentId) {
        return "deployment-" + encode(deploymentId);
    }

    /** A field-name-safe, reversible form of any string. */
    public static String encode(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    public static String decode(String encoded) {
        return new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
    }
}
