package io.vigil.bench;

import java.util.Arrays;

/**
 * Entry point of {@code vigil-bench.jar}: {@code java -jar bench/target/vigil-bench.jar <benchmark> [--option=value …]}.
 * Benchmarks print figures; they exit non-zero only when they could not run, never for a missed goal.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length == 0 || args[0].startsWith("-") ? "heartbeat" : args[0];
        String[] rest = args.length == 0 || args[0].startsWith("-") ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (which) {
            case "heartbeat" -> HeartbeatBenchmark.main(rest);
            case "logs" -> LogsBenchmark.main(rest);
            case "access" -> AccessBenchmark.main(rest);
            case "metrics" -> MetricsBenchmark.main(rest);
            case "agent-footprint" -> AgentFootprintBenchmark.main(rest);
            default -> {
                System.err.println("Unknown benchmark '" + which
                        + "'. Available: heartbeat, logs, access, metrics, agent-footprint");
                System.exit(2);
            }
        }
    }
}
