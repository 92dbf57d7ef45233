package io.vigil.command.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.vigil.command.alert.AlertEvaluator;
import io.vigil.command.alert.AlertRuleStore;
import io.vigil.command.alert.AlertRuleStore.TargetAlertState;
import io.vigil.command.metrics.MetricsWriter.Sample;
import io.vigil.kernel.protocol.AgentProtocol.MetricsSample;
import io.vigil.platform.web.ApiProblem;

/**
 * Group commit for metric samples. A request hands its sample to this node's writer thread and waits; the
 * writer takes every sample waiting (up to {@value #MAX_BATCH}), stores them in one bulk write, reads the
 * alert state of their targets in one {@code $in} read, evaluates the threshold alerts of the new ones, and
 * then answers each request. So a sample is stored and evaluated before its answer, as when every request
 * wrote alone, but under load the round trips to the store are shared: at 2,000 samples/s two round trips
 * per sample (the write, the alert state) were a third of the hub's CPU (docs/PERFORMANCE.md). A lone
 * sample waits for nobody: the writer starts on the first sample it finds.
 */
@Component
public class MetricsIngest {

    private static final Logger log = LoggerFactory.getLogger(MetricsIngest.class);
    static final int MAX_BATCH = 256;
    private static final long MAX_WAIT_SECONDS = 30;

    private record Job(String targetId, MetricsSample sample, Instant now, CompletableFuture<Boolean> done) {}

    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final MetricsWriter writer;
    private final AlertEvaluator alerts;
    private final AlertRuleStore alertStates;
    private final Thread thread = new Thread(this::run, "metrics-writer");
    private volatile boolean running = true;

    public MetricsIngest(MetricsWriter writer, AlertEvaluator alerts, AlertRuleStore alertStates) {
        this.writer = writer;
        this.alerts = alerts;
        this.alertStates = alertStates;
    }

    @jakarta.annotation.PostConstruct
    void start() {
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops taking new batches; what is queued is still written (the roll-up buffer flushes after this). */
    @jakarta.annotation.PreDestroy
    void stop() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(MAX_WAIT_SECONDS));
        drainHere();
    }

    /**
     * Stores the sample (once per {@code collectedAt}) and, when it is new, evaluates the target's threshold
     * alerts at {@code now}.
     *
     * @return whether the sample was new (false: one with its {@code collectedAt} was stored before)
     */
    public boolean ingest(String targetId, MetricsSample sample, Instant now) {
        Job job = new Job(targetId, sample, now, new CompletableFuture<>());
        queue.add(job);
        if (!running) {
            drainHere(); // shutting down: the writer may be gone
        }
        try {
            return job.done().get(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw busy(); // it may still be stored: the agent's retry is then counted as a repeat
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        }
    }

    private static ApiProblem busy() {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "Metrics store busy",
                "The sample could not be stored within " + MAX_WAIT_SECONDS + " s; send it again (a sample already "
                        + "stored is recognised by its collectedAt and stored once).");
    }

    private void run() {
        List<Job> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Job first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                process(batch);
            } catch (InterruptedException e) {
                // only stop() ends the loop
            } catch (Throwable e) { // the writer must survive anything one batch does
                log.error("Metrics writer failed on a batch of {} samples", batch.size(), e);
                batch.forEach(job -> job.done().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void drainHere() {
        List<Job> rest = new ArrayList<>();
        while (queue.drainTo(rest, MAX_BATCH) > 0) {
            process(rest);
            rest.clear();
        }
    }

    private void process(List<Job> batch) {
        boolean[] fresh;
        try {
            fresh = writer.writeAll(batch.stream().map(job -> new Sample(job.targetId(), job.sample())).toList());
        } catch (RuntimeException e) {
            batch.forEach(job -> job.done().completeExceptionally(e));
            return;
        }
        evaluate(batch, fresh);
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(fresh[i]);
        }
    }

    /**
     * Alerts on the new samples, with the states read in one go. A second sample of the same target in the
     * batch reads its state again, since the first may have changed it. The samples are stored whatever
     * happens here: a failed evaluation is logged, and the target's next sample is evaluated as usual.
     */
    private void evaluate(List<Job> batch, boolean[] fresh) {
        Set<String> targetIds = new LinkedHashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            if (fresh[i]) {
                targetIds.add(batch.get(i).targetId());
            }
        }
        if (targetIds.isEmpty()) {
            return;
        }
        Map<String, TargetAlertState> states;
        try {
            states = alertStates.states(targetIds);
        } catch (RuntimeException e) {
            log.warn("Could not read the alert state of {} targets; their next samples are evaluated", targetIds.size(), e);
            return;
        }
        Set<String> evaluated = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            Job job = batch.get(i);
            if (!fresh[i]) {
                continue;
            }
            try {
                if (evaluated.add(job.targetId())) {
                    alerts.evaluate(job.targetId(), job.sample(), job.now(), states.get(job.targetId()));
                } else {
                    alerts.evaluate(job.targetId(), job.sample(), job.now());
                }
            } catch (RuntimeException e) {
                log.warn("Could not evaluate the alerts of target {} on its sample of {}; its next sample is evaluated",
                        job.targetId(), job.sample().collectedAt(), e);
            }
        }
    }
}
