package io.vigil.command.logs;

import static io.vigil.platform.logs.LogLayout.*;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.vigil.platform.VigilProperties;

/**
 * Deletes log lines older than {@code vigil.logs.retention} (the embedded server has no TTL indexes), an
 * hour bucket at a time once all of it is older: per stream it computes the expired hours' directory ids
 * from the stream's first hour and deletes those documents and the chunks they list by {@code $in} on
 * {@code _id}. Only the small stream collection is scanned. Readers also hide lines older than the
 * retention, so the partly expired newest bucket shows nothing old.
 */
@Component
public class LogRetention {

    private static final Logger log = LoggerFactory.getLogger(LogRetention.class);
    private static final int HOURS_PER_ROUND = 168;

    private final MongoCollection<Document> chunks;
    private final MongoCollection<Document> buckets;
    private final MongoCollection<Document> streams;
    private final Clock clock;
    private final VigilProperties properties;

    public LogRetention(MongoTemplate mongo, Clock clock, VigilProperties properties) {
        this.chunks = mongo.getCollection(CHUNKS);
        this.buckets = mongo.getCollection(BUCKETS);
        this.streams = mongo.getCollection(STREAMS);
        this.clock = clock;
        this.properties = properties;
    }

    /** @return how many chunk documents were deleted */
    @Scheduled(fixedDelayString = "${vigil.logs.retention-interval:1h}", initialDelayString = "${vigil.logs.retention-interval:1h}")
    public long deleteExpired() {
        long cutoffHour = hour(clock.instant().minus(properties.logs().retention()));
        long deleted = 0;
        for (Document stream : streams.find(Filters.lt(FIRST_HOUR, cutoffHour))) {
            String id = stream.getString("_id");
            long first = stream.getLong(FIRST_HOUR);
            long last = stream.getLong(LAST_HOUR);
            for (long from = first; from < cutoffHour && from <= last; from += HOURS_PER_ROUND) {
                List<String> expired = new ArrayList<>();
                for (long h = from; h < Math.min(from + HOURS_PER_ROUND, cutoffHour); h++) {
                    expired.addAll(directoryIds(id, h));
                }
                List<String> chunkIds = new ArrayList<>();
                for (Document document : buckets.find(Filters.in("_id", expired))) {
                    long hour = document.getLong(HOUR);
                    directory(document).forEach(entry -> chunkIds.add(chunkId(id, hour, entry.chunkKey())));
                }
                if (!chunkIds.isEmpty()) {
                    deleted += chunks.deleteMany(Filters.in("_id", chunkIds)).getDeletedCount();
                }
                buckets.deleteMany(Filters.in("_id", expired));
            }
            if (last < cutoffHour) {
                streams.deleteOne(Filters.and(Filters.eq("_id", id), Filters.lt(LAST_HOUR, cutoffHour)));
            } else {
                streams.updateOne(Filters.eq("_id", id), Updates.max(FIRST_HOUR, cutoffHour));
            }
        }
        if (deleted > 0) {
            log.info("Log retention deleted {} chunk documents older than {}", deleted, properties.logs().retention());
        }
        return deleted;
    }
}
