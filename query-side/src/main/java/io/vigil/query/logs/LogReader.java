package io.vigil.query.logs;

import static io.vigil.platform.logs.LogLayout.*;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;

import io.vigil.kernel.listing.TextFilter;
import io.vigil.kernel.query.LogQueries.LogLine;
import io.vigil.platform.VigilProperties;
import io.vigil.platform.logs.LineCodec;
import io.vigil.platform.logs.LogLayout;
import io.vigil.platform.web.ApiProblem;
import io.vigil.platform.web.Cursors;

/**
 * Reads a log stream (layout: {@link LogLayout}) hour bucket by hour bucket, newest or oldest first. Each
 * step reads up to a day of bucket directories with one {@code $in}, then only the chunks that overlap the
 * asked range, and filters their lines in Java (RE2/J, linear time).
 *
 * <p>Lines are totally ordered by (time, chunk key, index in chunk); a cursor is such a position, so pages
 * continue exactly where the previous one stopped — lines that arrive meanwhile with newer times sit above
 * the first page's {@code newerCursor} and never shift the older pages.
 */
@Component
public class LogReader {

    static final String CURSOR_KIND = "logs";
    private static final int HOURS_PER_READ = 24;
    private static final int CHUNKS_PER_READ = 64;
    private static final int LINES_PER_READ = 4_000;

    /** A line's place in its stream. */
    public record Position(long nanos, String chunk, int index) implements Comparable<Position> {
        static final Position BEFORE_ALL = new Position(Long.MIN_VALUE, "", -1);

        @Override
        public int compareTo(Position other) {
            int c = Long.compare(nanos, other.nanos);
            if (c == 0) {
                c = chunk.compareTo(other.chunk);
            }
            return c != 0 ? c : Integer.compare(index, other.index);
        }

        /** The line's identity within its stream (chunks never change once written). */
        public String id() {
            return nanos + ":" + chunk + ":" + index;
        }

        public String encode() {
            return Cursors.encode(CURSOR_KIND, nanos + ":" + chunk + ":" + index);
        }

        public static Position decode(String cursor) {
            String[] parts = Cursors.decode(CURSOR_KIND, cursor).split(":", -1);
            try {
                if (parts.length == 3) {
                    return new Position(Long.parseLong(parts[0]), parts[1], Integer.parseInt(parts[2]));
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw ApiProblem.badRequest("cursor is not a cursor of this listing; use nextCursor from a previous page");
        }
    }

    public record Found(Position position, LogLine line) {}

    /** Receives lines in reading order; answers false to stop. */
    public interface Sink extends Predicate<Found> {}

    private final MongoCollection<Document> chunks;
    private final MongoCollection<Document> buckets;
    private final MongoCollection<Document> streams;
    private final Clock clock;
    private final VigilProperties properties;

    public LogReader(MongoTemplate mongo, Clock clock, VigilProperties properties) {
        this.chunks = mongo.getCollection(CHUNKS);
        this.buckets = mongo.getCollection(BUCKETS);
        this.streams = mongo.getCollection(STREAMS);
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * Feeds the lines of {@code stream} strictly between {@code after} and {@code before} (null = open),
     * inside [{@code from}, {@code to}) and matching {@code filter}, to {@code sink}: newest first when
     * {@code descending}. Lines older than the retention are never shown.
     */
    public void scan(String stream, Instant from, Instant to, Position after, Position before, TextFilter filter,
                     boolean descending, Sink sink) {
        Document head = streams.find(Filters.eq("_id", stream)).first();
        if (head == null) {
            return;
        }
        long lo = nanos(clock.instant().minus(properties.logs().retention()));
        if (from != null) {
            lo = Math.max(lo, nanos(from));
        }
        if (after != null) {
            lo = Math.max(lo, after.nanos());
        }
        long hi = Long.MAX_VALUE;
        if (to != null) {
            hi = nanos(to) - 1;
        }
        if (before != null) {
            hi = Math.min(hi, before.nanos());
        }
        if (lo > hi) {
            return;
        }
        long firstHour = Math.max(hour(lo), head.getLong(FIRST_HOUR));
        long lastHour = Math.min(hour(hi), head.getLong(LAST_HOUR));
        for (long step = 0; step <= lastHour - firstHour; step += HOURS_PER_READ) {
            List<String> ids = new ArrayList<>();
            for (long i = step; i < step + HOURS_PER_READ && i <= lastHour - firstHour; i++) {
                ids.addAll(directoryIds(stream, descending ? lastHour - i : firstHour + i));
            }
            // hour → chunk key → entry: a batch retried across the upgrade to sharded directories is listed
            // twice, in the old document and in a shard, and must still be read once
            TreeMap<Long, Map<String, DirectoryEntry>> found = new TreeMap<>();
            buckets.find(Filters.in("_id", ids)).forEach(document -> {
                Map<String, DirectoryEntry> entries = found.computeIfAbsent(document.getLong(HOUR), h -> new HashMap<>());
                directory(document).forEach(entry -> entries.put(entry.chunkKey(), entry));
            });
            NavigableMap<Long, Map<String, DirectoryEntry>> hours = descending ? found.descendingMap() : found;
            for (Map.Entry<Long, Map<String, DirectoryEntry>> bucket : hours.entrySet()) {
                if (!readBucket(stream, bucket.getKey(), bucket.getValue().values(), lo, hi, after, before, filter,
                        descending, sink)) {
                    return;
                }
            }
        }
    }

    private record ChunkRef(String id, long min, long max, int lines) {}

    /**
     * Reads a bucket's chunks in the reading order of their time ranges, a few thousand lines at a time, and
     * hands on a line as soon as no unread chunk can hold one that comes before it. A query for the newest
     * 100 lines of a busy hour thus reads only its newest chunks, and memory stays bounded by one group
     * (when chunks overlap in time, as long as they do).
     */
    private boolean readBucket(String stream, long hour, Collection<DirectoryEntry> directory, long lo, long hi,
                               Position after, Position before, TextFilter filter, boolean descending, Sink sink) {
        List<ChunkRef> refs = new ArrayList<>();
        for (DirectoryEntry entry : directory) {
            if (entry.max() >= lo && entry.min() <= hi) {
                refs.add(new ChunkRef(chunkId(stream, hour, entry.chunkKey()), entry.min(), entry.max(), entry.count()));
            }
        }
        refs.sort(descending ? Comparator.comparingLong(ChunkRef::max).reversed() : Comparator.comparingLong(ChunkRef::min));
        Comparator<Found> order = Comparator.comparing(Found::position);
        Comparator<Found> reading = descending ? order.reversed() : order;
        boolean agent = stream.startsWith("a/");
        List<Found> pending = new ArrayList<>();
        int next = 0;
        while (next < refs.size()) {
            List<String> ids = new ArrayList<>();
            int lines = 0;
            while (next < refs.size() && ids.size() < CHUNKS_PER_READ && lines < LINES_PER_READ) {
                ids.add(refs.get(next).id());
                lines += refs.get(next).lines();
                next++;
            }
            for (Document chunk : chunks.find(Filters.in("_id", ids))) {
                collect(chunk, agent, lo, hi, after, before, filter, pending);
            }
            pending.sort(reading);
            int ready = pending.size();
            if (next < refs.size()) {
                // unread chunks hold nothing newer than this (descending) or older than this (ascending)
                long bound = descending ? refs.get(next).max() : refs.get(next).min();
                ready = 0;
                while (ready < pending.size() && (descending ? pending.get(ready).position().nanos() > bound
                        : pending.get(ready).position().nanos() < bound)) {
                    ready++;
                }
            }
            for (int i = 0; i < ready; i++) {
                if (!sink.test(pending.get(i))) {
                    return false;
                }
            }
            pending = new ArrayList<>(pending.subList(ready, pending.size()));
        }
        return true;
    }

    private static void collect(Document chunk, boolean agent, long lo, long hi, Position after, Position before,
                                TextFilter filter, List<Found> into) {
        String id = chunk.getString("_id");
        String key = id.substring(id.lastIndexOf('|') + 1);
        LineCodec.Reader lines = new LineCodec.Reader(chunk.get(LINES, Binary.class).getData());
        while (lines.next()) {
            long at = lines.nanos();
            if (at < lo || at > hi) {
                continue;
            }
            Position position = new Position(at, key, lines.index());
            if ((after != null && position.compareTo(after) <= 0) || (before != null && position.compareTo(before) >= 0)) {
                continue;
            }
            String[] fields = lines.decode();
            String body = fields[3];
            if (!filter.matchesAll() && !filter.test(body)) {
                continue;
            }
            into.add(new Found(position, new LogLine(position.id(), instant(at), fields[0], fields[2], agent ? null : fields[1], body)));
        }
    }

    /** The newest position of a stream (for a live tail's start), or {@link Position#BEFORE_ALL}. */
    public Position newest(String stream) {
        Position[] newest = {Position.BEFORE_ALL};
        scan(stream, null, null, null, null, TextFilter.of(null, false, false), true, found -> {
            newest[0] = found.position();
            return false;
        });
        return newest[0];
    }
}
