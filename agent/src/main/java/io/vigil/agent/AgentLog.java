package io.vigil.agent;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.List;

import io.vigil.kernel.protocol.AgentProtocol.LogRecord;

/**
 * The agent's own log: printed to stderr and queued for shipping to the hub as the target's agent log
 * (records without a deployment). The queue is bounded; lines that do not fit are counted and the count
 * is reported in the next line that does.
 */
public final class AgentLog {

    public static final String RESOURCE = "agent";
    private static final int MAX_QUEUED = 10_000;

    private final Clock clock;
    private final PrintStream out;
    private final ArrayDeque<LogRecord> queue = new ArrayDeque<>();
    private long dropped;

    public AgentLog(Clock clock, PrintStream out) {
        this.clock = clock;
        this.out = out;
    }

    public void info(String message) {
        log("INFO", message);
    }

    public void warn(String message) {
        log("WARN", message);
    }

    public void error(String message) {
        log("ERROR", message);
    }

    public synchronized void log(String severity, String message) {
        Instant now = clock.instant();
        out.println(now + " " + severity + " " + message);
        if (queue.size() >= MAX_QUEUED) {
            dropped++;
            return;
        }
        if (dropped > 0) {
            queue.add(new LogRecord(null, null, RESOURCE, now, "WARN",
                    dropped + " agent log lines were dropped: the queue was full"));
            dropped = 0;
        }
        queue.add(new LogRecord(null, null, RESOURCE, now, severity, message));
    }

    /** Takes up to {@code max} queued lines for shipping. */
    public synchronized List<LogRecord> drain(int max) {
        List<LogRecord> lines = new ArrayList<>();
        while (!queue.isEmpty() && lines.size() < max) {
            lines.add(queue.poll());
        }
        return lines;
    }
}
