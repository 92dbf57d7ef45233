package io.vigil.query.logs;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.vigil.kernel.listing.TextFilter;
import io.vigil.query.logs.LogReader.Found;
import io.vigil.query.logs.LogReader.Position;

/**
 * Live tails as Server-Sent Events: every {@code vigil.logs.tail-interval} one thread asks each open tail's
 * stream for lines newer than what it sent last (filter applied) and sends them oldest first, one
 * {@code log} event per line. Polling the store (instead of an in-process signal) lets the tail run on a
 * query node while another node ingests. Open tails are closed first at shutdown (before the web
 * server's graceful shutdown, which would otherwise wait for these endless responses).
 */
@Component
public class LogTail implements DisposableBean, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LogTail.class);
    static final int MAX_TAILS = 200;
    private static final int MAX_LINES_PER_POLL = 1000;
    private static final TextFilter EVERYTHING = TextFilter.of(null, false, false);

    private final LogReader reader;
    private final Set<Tail> tails = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "log-tail");
        thread.setDaemon(true);
        return thread;
    });

    public LogTail(LogReader reader, @Value("${vigil.logs.tail-interval:1s}") Duration interval) {
        this.reader = reader;
        poller.scheduleWithFixedDelay(this::pollAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private final class Tail {
        final String stream;
        final TextFilter filter;
        final SseEmitter emitter;
        volatile Position position;

        Tail(String stream, TextFilter filter, SseEmitter emitter, Position position) {
            this.stream = stream;
            this.filter = filter;
            this.emitter = emitter;
            this.position = position;
        }
    }

    public SseEmitter open(String stream, TextFilter filter) {
        if (tails.size() >= MAX_TAILS) {
            throw new io.vigil.platform.web.ApiProblem(org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE,
                    "Too many live tails", "At most " + MAX_TAILS + " live tails may be open; try again later.");
        }
        SseEmitter emitter = new SseEmitter(Duration.ofMinutes(30).toMillis());
        Tail tail = new Tail(stream, filter, emitter, reader.newest(stream));
        emitter.onCompletion(() -> tails.remove(tail));
        emitter.onTimeout(() -> tails.remove(tail));
        emitter.onError(e -> tails.remove(tail));
        try {
            emitter.send(SseEmitter.event().comment("tailing"));
        } catch (IOException e) {
            tails.remove(tail);
        }
        tails.add(tail);
        return emitter;
    }

    private void pollAll() {
        for (Tail tail : tails) {
            try {
                // every new line moves the tail's position, matching or not, so no line is read twice
                List<Found> lines = new ArrayList<>();
                reader.scan(tail.stream, null, null, tail.position, null, EVERYTHING, false, found -> {
                    lines.add(found);
                    return lines.size() < MAX_LINES_PER_POLL;
                });
                for (Found found : lines) {
                    if (tail.filter.test(found.line().body())) {
                        tail.emitter.send(SseEmitter.event().name("log").data(found.line(), MediaType.APPLICATION_JSON));
                    }
                    tail.position = found.position();
                }
            } catch (IOException | IllegalStateException e) {
                tails.remove(tail); // the client went away
            } catch (RuntimeException e) {
                log.warn("Live tail of {} failed; closing it", tail.stream, e);
                tails.remove(tail);
                tail.emitter.completeWithError(e);
            }
        }
    }

    private volatile boolean running;

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        tails.forEach(t -> t.emitter.complete());
        tails.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE; // stops before the web server's graceful shutdown
    }

    @Override
    public void destroy() {
        poller.shutdownNow();
        tails.forEach(t -> t.emitter.complete());
        tails.clear();
    }
}
