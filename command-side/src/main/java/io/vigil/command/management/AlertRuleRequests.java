package io.vigil.command.management;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.kernel.alert.AlertRules;

/**
 * Reads alert-rule fields from a JSON object where "absent" (leave as is) and {@code null} (use the
 * organisation default) differ, which records cannot express. Each problem is named.
 */
final class AlertRuleRequests {

    static final long MAX_FOR_SECONDS = 7 * 24 * 3600;

    private AlertRuleRequests() {
    }

    /** Fields of a patch, each possibly absent; {@code present} lists which were given. */
    record RulePatch(AlertRules values, Set<String> present) {}

    static void rejectUnknown(JsonNode body, Set<String> known, List<String> problems) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add("unknown field '" + name + "' (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    static Double percent(JsonNode body, String field, List<String> problems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber() || !Double.isFinite(node.asDouble()) || node.asDouble() <= 0 || node.asDouble() >= 100) {
            problems.add(field + " must be a number greater than 0 and less than 100 (percent), or null");
            return null;
        }
        return node.asDouble();
    }

    static Double hysteresis(JsonNode body, String field, List<String> problems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber() || !Double.isFinite(node.asDouble()) || node.asDouble() < 0 || node.asDouble() >= 100) {
            problems.add(field + " must be a number of percentage points from 0 to less than 100, or null");
            return null;
        }
        return node.asDouble();
    }

    static Long seconds(JsonNode body, String field, List<String> problems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || node.asLong() < 0 || node.asLong() > MAX_FOR_SECONDS) {
            problems.add(field + " must be a whole number of seconds from 0 to " + MAX_FOR_SECONDS + ", or null");
            return null;
        }
        return node.asLong();
    }

    static List<String> newList() {
        return new ArrayList<>();
    }
}
