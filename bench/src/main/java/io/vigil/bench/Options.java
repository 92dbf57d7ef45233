package io.vigil.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --name=value} arguments, falling back to system properties {@code -Dbench.name=value}, then to the
 * default. Every option used is remembered so that the run can print its effective configuration.
 */
final class Options {

    private final Map<String, String> given = new LinkedHashMap<>();
    private final Map<String, String> effective = new LinkedHashMap<>();

    Options(String[] args) {
        for (String arg : args) {
            if (arg.equals("heartbeat") || arg.equals("access")) {
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("expected --name=value, got: " + arg);
            }
            int eq = arg.indexOf('=');
            given.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "true" : arg.substring(eq + 1));
        }
    }

    String string(String name, String fallback) {
        String value = given.containsKey(name) ? given.get(name) : System.getProperty("bench." + name, fallback);
        effective.put(name, value);
        return value;
    }

    int integer(String name, int fallback) {
        return Integer.parseInt(string(name, Integer.toString(fallback)).trim());
    }

    double decimal(String name, double fallback) {
        return Double.parseDouble(string(name, Double.toString(fallback)).trim());
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(string(name, "false").trim());
    }

    /** Fails on options nobody asked for (typos). */
    void rejectUnknown() {
        for (String name : given.keySet()) {
            if (!effective.containsKey(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; known: " + effective.keySet());
            }
        }
    }

    Map<String, String> effective() {
        return effective;
    }
}
