package io.vigil.query.replay;

import java.util.List;
import java.util.Map;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.vigil.platform.web.ApiProblem;

/**
 * Rebuilds a named projection from the event store: the processor stops, its tracking token is reset
 * (its {@code @ResetHandler} empties the view), and it replays every event from the start. This is the
 * status-history and audit replay the product promises. Admin only (see SecurityConfiguration).
 */
@RestController
@RequestMapping("/api/v1/admin/projections")
public class ProjectionReplayController {

    private final EventProcessingConfiguration processing;

    public ProjectionReplayController(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    /**
     * {@code upToDate}: every stored event is in the view. Axon keeps {@code replaying} true until an event
     * newer than the reset point arrives, so a finished replay on a quiet system is caught up with its
     * position at or past {@code resetPosition}.
     */
    public record ProjectionState(String name, boolean running, boolean replaying, boolean caughtUp,
                                  Long position, Long resetPosition, boolean upToDate) {}

    @GetMapping
    public List<ProjectionState> projections() {
        return processing.eventProcessors().keySet().stream().sorted()
                .flatMap(name -> processing.eventProcessor(name, StreamingEventProcessor.class).stream()
                        .map(processor -> state(name, processor)))
                .toList();
    }

    @GetMapping("/{name}")
    public ProjectionState projection(@PathVariable String name) {
        return state(name, streaming(name));
    }

    @PostMapping("/{name}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public ProjectionState replay(@PathVariable String name) {
        StreamingEventProcessor processor = streaming(name);
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        return state(name, processor);
    }

    private StreamingEventProcessor streaming(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> ApiProblem.notFound("Projection", name));
    }

    private static ProjectionState state(String name, StreamingEventProcessor processor) {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        boolean replaying = status.values().stream().anyMatch(EventTrackerStatus::isReplaying);
        boolean caughtUp = !status.isEmpty() && status.values().stream().allMatch(EventTrackerStatus::isCaughtUp);
        Long position = status.values().stream()
                .map(s -> s.getCurrentPosition().orElse(-1L))
                .max(Long::compare).orElse(null);
        Long resetPosition = status.values().stream()
                .map(s -> s.getResetPosition().orElse(-1L))
                .max(Long::compare).orElse(null);
        boolean upToDate = caughtUp && (!replaying || (position != null && resetPosition != null
                && position >= resetPosition));
        return new ProjectionState(name, processor.isRunning(), replaying, caughtUp, position,
                replaying ? resetPosition : null, upToDate);
    }
}
