package io.vigil.agent.ship;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.vigil.agent.AgentLog;
import io.vigil.agent.Json;
import io.vigil.kernel.protocol.AgentProtocol.LogBatch;
import io.vigil.kernel.protocol.AgentProtocol.MetricsSample;

/**
 * The bounded on-disk queue of what the hub has not acknowledged yet: one file per batch, named by a
 * sequence number, written to a temporary file, forced to disk and renamed into place, so a batch is
 * either wholly there (with its {@code batchId} and the log positions it covers) or not at all. When the
 * spool would exceed its size, the oldest batches are dropped and counted.
 */
public final class Spool {

    /** A spooled batch: logs (with the positions they reach per container) or one metrics sample. */
    public record Entry(long sequence, LogBatch logs, MetricsSample metrics, Map<String, LogPosition> positions) {

        public int records() {
            return logs == null ? 1 : logs.records().size();
        }
    }

    private final Path dir;
    private final long maxBytes;
    private final AgentLog log;
    private final TreeMap<Long, Long> sizes = new TreeMap<>();
    private long bytes;
    private long nextSequence;
    private long droppedBatches;
    private long droppedRecords;

    public Spool(Path dir, long maxBytes, AgentLog log) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.log = log;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".tmp")) {
                        Files.delete(file); // a write that did not finish: its lines were not taken
                    } else if (name.endsWith(".json")) {
                        long size = Files.size(file);
                        sizes.put(Long.parseLong(name.substring(0, name.length() - 5)), size);
                        bytes += size;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the spool at " + dir, e);
        }
        nextSequence = sizes.isEmpty() ? 1 : sizes.lastKey() + 1;
    }

    public synchronized void appendLogs(LogBatch batch, Map<String, LogPosition> positions) {
        append(new Entry(nextSequence, batch, null, positions));
    }

    public synchronized void appendMetrics(MetricsSample sample) {
        append(new Entry(nextSequence, null, sample, Map.of()));
    }

    private void append(Entry entry) {
        try {
            byte[] data = Json.MAPPER.writeValueAsBytes(entry);
            while (!sizes.isEmpty() && bytes + data.length > maxBytes) {
                dropOldest();
            }
            Path tmp = dir.resolve(entry.sequence() + ".tmp");
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(java.nio.ByteBuffer.wrap(data));
                channel.force(true);
            }
            Files.move(tmp, file(entry.sequence()), StandardCopyOption.ATOMIC_MOVE);
            sizes.put(entry.sequence(), (long) data.length);
            bytes += data.length;
            nextSequence++;
            notifyAll();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the spool at " + dir, e);
        }
    }

    private void dropOldest() throws IOException {
        Entry oldest = read(sizes.firstKey());
        remove(sizes.firstKey());
        droppedBatches++;
        droppedRecords += oldest == null ? 0 : oldest.records();
        log.warn("spool full (" + maxBytes + " bytes): dropped the oldest batch; " + droppedBatches
                + " batches (" + droppedRecords + " records) dropped so far");
    }

    /** The oldest batch, waiting up to {@code waitMillis} for one; null if there is none. */
    public synchronized Entry oldest(long waitMillis) throws InterruptedException {
        if (sizes.isEmpty() && waitMillis > 0) {
            wait(waitMillis);
        }
        while (!sizes.isEmpty()) {
            Entry entry = read(sizes.firstKey());
            if (entry != null) {
                return entry;
            }
            remove(sizes.firstKey()); // unreadable (disk trouble): skip rather than block forever
        }
        return null;
    }

    public synchronized void remove(long sequence) {
        Long size = sizes.remove(sequence);
        if (size != null) {
            bytes -= size;
        }
        try {
            Files.deleteIfExists(file(sequence));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For each container, the furthest position any spooled batch reaches (lines already taken). */
    public synchronized Map<String, LogPosition> spooledPositions() {
        Map<String, LogPosition> furthest = new HashMap<>();
        for (long sequence : sizes.keySet()) {
            Entry entry = read(sequence);
            if (entry != null) {
                entry.positions().forEach((container, p) -> furthest.merge(container, p, LogPosition::later));
            }
        }
        return furthest;
    }

    public synchronized int batches() {
        return sizes.size();
    }

    public synchronized long bytes() {
        return bytes;
    }

    public synchronized long droppedRecords() {
        return droppedRecords;
    }

    private Entry read(long sequence) {
        try {
            return Json.MAPPER.readValue(file(sequence).toFile(), Entry.class);
        } catch (IOException e) {
            return null;
        }
    }

    private Path file(long sequence) {
        return dir.resolve(String.format("%020d.json", sequence));
    }
}
