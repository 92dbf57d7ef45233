package io.vigil.agent.ship;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import io.vigil.agent.Json;

/**
 * Per container, how far the hub has acknowledged its log. Advanced only after the hub accepted the
 * batch that reached it; stored by write-then-rename so a crash leaves the old or the new file.
 */
public final class AckedPositions {

    private final Path file;
    private final Map<String, LogPosition> positions = new HashMap<>();

    public AckedPositions(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try {
                positions.putAll(Json.MAPPER.readValue(file.toFile(), new TypeReference<Map<String, LogPosition>>() {}));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
    }

    public synchronized LogPosition get(String container) {
        return positions.get(container);
    }

    public synchronized Map<String, LogPosition> all() {
        return Map.copyOf(positions);
    }

    public synchronized void advance(Map<String, LogPosition> acknowledged) {
        if (acknowledged.isEmpty()) {
            return;
        }
        acknowledged.forEach((container, p) -> positions.merge(container, p, LogPosition::later));
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, Json.MAPPER.writeValueAsBytes(positions));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Forgets containers that no longer exist, so the file does not grow forever. */
    public synchronized void retain(java.util.Set<String> containers) {
        positions.keySet().retainAll(containers);
    }
}
