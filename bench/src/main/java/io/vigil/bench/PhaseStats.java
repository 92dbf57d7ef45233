package io.vigil.bench;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What one measurement window saw: latencies (µs) in an HdrHistogram, successes, errors by kind, and the
 * window's bounds on the {@link System#nanoTime()} clock.
 */
final class PhaseStats {

    final String name;
    /** Share of heartbeats (0..1) that change a deployment's status in this window (open-loop phases). */
    final double churn;
    final Histogram latency = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);
    final LongAdder sent = new LongAdder();
    final LongAdder ok = new LongAdder();
    final LongAdder completed = new LongAdder();
    final LongAdder changes = new LongAdder();
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    final AtomicLong lastCompletion = new AtomicLong(Long.MIN_VALUE);
    volatile long startNanos;
    volatile long endNanos;
    /** Average cores busy in the hub process and in this benchmark over the window (NaN: not measured). */
    volatile double hubCores = Double.NaN;
    volatile double benchCores = Double.NaN;
    /** Cores busy in other processes on the machine over the window (noise from outside the benchmark). */
    volatile double otherCores = Double.NaN;

    PhaseStats(String name, double churn) {
        this.name = name;
        this.churn = churn;
    }

    void record(long fromNanos, long doneNanos, HttpResponse<?> response, Throwable failure) {
        if (failure == null && response != null && response.statusCode() == 200) {
            latency.recordValue(Math.max(0, Math.min((doneNanos - fromNanos) / 1000, latency.getHighestTrackableValue())));
            ok.increment();
        } else {
            String kind = failure != null ? rootCause(failure) : "HTTP " + (response == null ? "?" : response.statusCode());
            errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
        }
        lastCompletion.accumulateAndGet(doneNanos, Math::max);
        completed.increment();
    }

    void recordOk(long fromNanos, long doneNanos) {
        latency.recordValue(Math.max(0, Math.min((doneNanos - fromNanos) / 1000, latency.getHighestTrackableValue())));
        ok.increment();
        lastCompletion.accumulateAndGet(doneNanos, Math::max);
        completed.increment();
    }

    void recordError(String kind, long doneNanos) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
        lastCompletion.accumulateAndGet(doneNanos, Math::max);
        completed.increment();
    }

    long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    Map<String, Long> errorsByKind() {
        Map<String, Long> out = new TreeMap<>();
        errors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Length of the window in seconds. */
    double windowSeconds() {
        return (endNanos - startNanos) / 1e9;
    }

    /**
     * Successful operations per second from the window's start until the last answer of a request sent for
     * it: a hub that falls behind the offered rate shows a lower figure here, not just higher latency.
     */
    double achievedPerSecond() {
        long end = Math.max(endNanos, lastCompletion.get());
        return ok.sum() / ((end - startNanos) / 1e9);
    }

    double millis(double percentile) {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMillis() {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1000.0;
    }

    static String rootCause(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + (message.length() > 80
                ? message.substring(0, 80) : message));
    }
}
