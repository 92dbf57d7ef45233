package io.vigil.platform.metrics;

import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.types.Binary;

/**
 * How one raw metrics sample is stored inside its raw bucket: as one binary value holding the BSON of
 * the sample, not as a nested document. The embedded MongoDB server re-serialises a whole bucket, value by
 * value, every time a sample is added to it; a nested sample (CPU, memory, each disk with field names) made
 * that the hub's largest cost per sample (docs/PERFORMANCE.md). Readers accept both forms.
 */
public final class RawSamples {

    private static final DocumentCodec CODEC = new DocumentCodec();

    private RawSamples() {
    }

    public static Binary pack(Document sample) {
        RawBsonDocument raw = new RawBsonDocument(sample, CODEC);
        byte[] bytes = new byte[raw.getByteBuffer().remaining()];
        raw.getByteBuffer().get(bytes);
        return new Binary(bytes);
    }

    /** The sample stored under one key of a bucket's {@code samples}: packed, or nested as older versions wrote it. */
    public static Document unpack(Object stored) {
        if (stored instanceof Binary binary) {
            return new RawBsonDocument(binary.getData()).decode(CODEC);
        }
        return (Document) stored;
    }
}
