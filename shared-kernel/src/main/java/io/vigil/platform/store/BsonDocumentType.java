package io.vigil.platform.store;

import java.nio.ByteBuffer;

import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.BsonConstants;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * How the embedded store writes a document into its MVStore file: as BSON, the form it arrived in, instead
 * of the H2 default, Java serialization. Every commit rewrites each changed page with all the documents on
 * it, so a store that updates documents all over a collection (presence: 2,000 heartbeats/s over 10,000
 * targets) re-encodes most of it every second; with Java serialization that was nearly half of all the hub
 * allocated there (≈ 430 MB/s) and fed young-collection pauses of 87–225 ms (docs/PERFORMANCE.md, "Heartbeats").
 *
 * <p>A document is the byte {@link #TAG} and its BSON. Anything else is H2's own form, read by
 * {@link ObjectDataType}: files written before this type existed stay readable, and a document that BSON
 * cannot represent (the server keeps only BSON values, so none is expected) is still stored, in that form, as is
 * one over BSON's 16 MiB limit (the server does not enforce it on updates, but its decoder refuses to read one).
 * BSON keeps what the wire protocol keeps: dates to the millisecond, a UUID as one.
 */
final class BsonDocumentType extends BasicDataType<Document> {

    /** No tag of {@link ObjectDataType} is negative. */
    static final byte TAG = (byte) 0xB5;

    /** A buffer that grew for an unusually large document is not kept beyond this. */
    private static final int KEPT_BUFFER_BYTES = 1 << 20;

    private static final ThreadLocal<ByteBuf> BUFFERS = ThreadLocal.withInitial(() -> Unpooled.buffer(4096));

    private final ObjectDataType fallback = new ObjectDataType();

    /**
     * What MVStore's page cache counts per document: a running average of four times the encoded size, about
     * what the decoded document takes on the heap (an estimate; racing updates may lose one, as in H2's own).
     * One instance per collection, so that a collection of large documents is not counted by small ones.
     */
    private int averageMemory = 1024;

    @Override
    public int getMemory(Document document) {
        return averageMemory;
    }

    @Override
    public void write(WriteBuffer out, Document document) {
        ByteBuf bson = BUFFERS.get().clear();
        try {
            BsonEncoder.encodeDocument(document, bson);
        } catch (IllegalArgumentException notBson) {
            bson = null;
        }
        if (bson == null || bson.readableBytes() - 4 > BsonConstants.MAX_BSON_OBJECT_SIZE) {
            fallback.write(out, document);
        } else {
            int length = bson.readableBytes();
            remember(length);
            out.put(TAG).put(bson.array(), bson.arrayOffset(), length);
        }
        if (BUFFERS.get().capacity() > KEPT_BUFFER_BYTES) {
            BUFFERS.remove();
        }
    }

    @Override
    public Document read(ByteBuffer in) {
        if (in.get(in.position()) != TAG) {
            return (Document) fallback.read(in);
        }
        in.get();
        ByteBuf bson = Unpooled.wrappedBuffer(in);
        Document document = BsonDecoder.decodeBson(bson);
        remember(bson.readerIndex());
        in.position(in.position() + bson.readerIndex());
        return document;
    }

    private void remember(int encodedBytes) {
        averageMemory = (4 * encodedBytes + 15 * averageMemory) / 16;
    }

    @Override
    public int compare(Document a, Document b) {
        return fallback.compare(a, b);
    }

    @Override
    public Document[] createStorage(int size) {
        return new Document[size];
    }
}
