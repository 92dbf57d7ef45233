package io.vigil.agent.ship;

import java.time.Duration;
import java.util.random.RandomGenerator;

import io.vigil.agent.AgentLog;
import io.vigil.agent.hub.Backoff;
import io.vigil.agent.hub.HubClient;
import io.vigil.agent.hub.HubException;
import io.vigil.kernel.protocol.AgentProtocol.LogBatchResponse;

/**
 * Sends spooled batches to the hub, oldest first, one at a time. A batch leaves the spool (and its log
 * positions become acknowledged) only when the hub accepted it; until then it is retried with backoff
 * under the same {@code batchId}, across restarts too, so the hub stores it once. A batch the hub refuses
 * as such (4xx other than 401/404) can never succeed: it is logged and dropped.
 */
public final class Shipper implements Runnable {

    private final Spool spool;
    private final AckedPositions acked;
    private final HubClient hub;
    private final AgentLog log;
    private final Backoff backoff;
    private volatile boolean running = true;
    private boolean warnedMissingEndpoint;

    public Shipper(Spool spool, AckedPositions acked, HubClient hub, AgentLog log, Duration maxBackoff) {
        this.spool = spool;
        this.acked = acked;
        this.hub = hub;
        this.log = log;
        this.backoff = new Backoff(Duration.ofMillis(500), maxBackoff, RandomGenerator.getDefault());
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running) {
            try {
                Spool.Entry entry = spool.oldest(1_000);
                if (entry == null) {
                    continue;
                }
                if (send(entry)) {
                    backoff.reset();
                } else {
                    Thread.sleep(backoff.next().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("log shipping: " + e);
                sleepQuietly(backoff.next());
            }
        }
    }

    /** @return whether the entry is done with (sent, or refused for good) */
    boolean send(Spool.Entry entry) {
        try {
            if (entry.logs() != null) {
                LogBatchResponse answer = hub.logs(entry.logs());
                if (answer != null && answer.rejected() != null && !answer.rejected().isEmpty()) {
                    log.warn("the hub rejected " + answer.rejected().size() + " of " + entry.records()
                            + " log records of batch " + entry.logs().batchId() + ", first: "
                            + answer.rejected().get(0).reason());
                }
            } else {
                hub.metrics(entry.metrics());
            }
            done(entry);
            return true;
        } catch (HubException.Refused e) {
            if (e.status() == 404) {
                if (!warnedMissingEndpoint) {
                    log.warn("the hub does not accept " + (entry.logs() != null ? "logs" : "metrics")
                            + " yet (HTTP 404); keeping them in the spool");
                    warnedMissingEndpoint = true;
                }
                return false;
            }
            log.error("the hub refused a " + (entry.logs() != null ? "log batch " + entry.logs().batchId()
                    : "metrics sample") + ", dropping it: " + e.getMessage());
            done(entry);
            return true;
        } catch (HubException e) {
            return false; // unavailable or credentials rejected: kept, sent again with the same batchId
        }
    }

    private void done(Spool.Entry entry) {
        acked.advance(entry.positions());
        spool.remove(entry.sequence());
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
