package io.vigil.agent;

/** Compose files for tests, on the private engine's busybox image, without networks. */
public final class ComposeFiles {

    private ComposeFiles() {
    }

    private static String service(String name, String command, String healthcheck, String restart) {
        return "services:\n"
                + "  " + name + ":\n"
                + "    image: " + TestDockerEngine.IMAGE + "\n"
                + "    network_mode: none\n"
                + "    restart: \"" + restart + "\"\n"
                + "    stop_grace_period: 1s\n"
                + "    command: [\"sh\", \"-c\", " + quote(command) + "]\n"
                + (healthcheck == null ? "" : healthcheck);
    }

    /** A YAML double-quoted string; {@code $} doubled, since Compose interpolates variables. */
    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "$$") + "\"";
    }

    private static String check(String test, String interval, int retries) {
        return "    healthcheck:\n"
                + "      test: [\"CMD\", \"sh\", \"-c\", " + quote(test) + "]\n"
                + "      interval: " + interval + "\n"
                + "      timeout: 1s\n"
                + "      retries: " + retries + "\n";
    }

    /** Passes its healthcheck. */
    public static String healthy() {
        return service("web", "echo started; exec sleep 100000", check("true", "1s", 1), "no");
    }

    /** Passes its healthcheck for a few seconds, then fails it. */
    public static String turnsUnhealthy() {
        return service("web", "touch /tmp/ok; sleep 4; rm /tmp/ok; exec sleep 100000",
                check("test -f /tmp/ok", "1s", 1), "no");
    }

    public static String noHealthcheck() {
        return service("worker", "exec sleep 100000", null, "no");
    }

    /** Its first healthcheck runs only after an hour: still starting. */
    public static String stillStarting() {
        return service("web", "exec sleep 100000", check("true", "1h", 3), "no");
    }

    /** Prints a line and exits with code 3. */
    public static String exits() {
        return service("job", "echo doing the job; echo failed >&2; exit 3", null, "no");
    }

    /** Prints numbered lines ("line N", every tenth also "err N" on stderr) every {@code micros}. */
    public static String chatty(int micros) {
        return service("app", "i=0; while true; do i=$((i+1)); echo line $i; "
                + "if [ $((i % 10)) -eq 0 ]; then echo err $i >&2; fi; usleep " + micros + "; done", null, "no");
    }

    /** Not a valid Compose file: the apply fails. */
    public static String broken() {
        return "services:\n  web:\n    image: " + TestDockerEngine.IMAGE + "\n    network_mode: none\n    command: 42: [\n";
    }
}
