package org.pairgate.host.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Fixed-size records of a file, read a chunk at a time into one preallocated direct buffer: the
 * constant-memory core of every record reader here. A record split across two reads is carried
 * over to the front of the next chunk, so readers see whole records only.
 *
 * <p>Not thread-safe.
 */
final class ChunkedFile implements RecordChunks {
    private final FileChannel channel;
    private final int recordBytes;
    private final ByteBuffer chunk;
    private final UnsafeBuffer buffer;
    private long filePosition;
    private int position;
    private int limit;
    private boolean endOfFile;

    /** Whether {@link #release} gives the buffer to {@link SpareChunk} (it came from there). */
    private final boolean spare;

    ChunkedFile(final FileChannel channel, final long start, final int chunkBytes, final int recordBytes) {
        this(channel, start, chunkBytes, recordBytes, null);
    }

    /**
     * As above, reading into {@code given} when it is a 64-byte aligned direct buffer large enough
     * (a chunk and 64 bytes), which {@link #release} then gives to {@link SpareChunk} (a fork's
     * chunk: the buffer its scan read into, PtuT2Reader#fork); else into a buffer of its own.
     */
    ChunkedFile(final FileChannel channel, final long start, final int chunkBytes, final int recordBytes,
                final ByteBuffer given) {
        this.channel = channel;
        this.recordBytes = recordBytes;
        final int size = Math.max(recordBytes, chunkBytes - chunkBytes % recordBytes);
        final int capacity = ((size + 63) & ~63) + 64;
        this.spare = given != null && given.isDirect() && given.capacity() >= capacity && (BufferUtil.address(given) & 63) == 0;
        this.chunk = (spare ? given.clear() : BufferUtil.allocateDirectAligned(capacity, 64)).order(ByteOrder.LITTLE_ENDIAN);
        this.chunk.limit(size);
        this.buffer = new UnsafeBuffer(chunk);
        this.filePosition = start;
    }

    /** The buffer holding the current chunk; records are at {@link #position()} up to {@link #limit()}. */
    @Override
    public UnsafeBuffer buffer() {
        return buffer;
    }

    @Override
    public int position() {
        return position;
    }

    @Override
    public int limit() {
        return limit;
    }

    /** Marks the bytes up to {@code newPosition} as consumed. */
    @Override
    public void position(final int newPosition) {
        position = newPosition;
    }

    /** Whole records left in the current chunk. */
    @Override
    public int recordsInChunk() {
        return (limit - position) / recordBytes;
    }

    /**
     * Makes at least one whole record available, reading the next chunk when needed. False when the
     * file holds no further whole record ({@link #trailingBytes()} then says what is left).
     */
    @Override
    public boolean ensure() throws IOException {
        if (limit - position >= recordBytes) {
            return true;
        }
        if (endOfFile) {
            return false;
        }
        final int leftover = limit - position;
        for (int k = 0; k < leftover; k++) {
            buffer.putByte(k, buffer.getByte(position + k));
        }
        final int capacity = chunk.limit();
        chunk.clear().limit(capacity).position(leftover);
        while (chunk.hasRemaining()) {
            final int n = channel.read(chunk, filePosition);
            if (n < 0) {
                endOfFile = true;
                break;
            }
            filePosition += n;
        }
        position = 0;
        limit = chunk.position();
        chunk.limit(capacity);
        return limit >= recordBytes;
    }

    /** Bytes of an incomplete final record (meaningful once {@link #ensure()} returned false). */
    @Override
    public int trailingBytes() {
        return limit - position;
    }

    @Override
    public boolean waits() {
        return false;
    }

    /** Gives a buffer that came from {@link SpareChunk} back there (the reader is closed: no read follows). */
    @Override
    public void release() {
        if (spare) {
            limit = 0;
            position = 0;
            endOfFile = true;
            SpareChunk.give(chunk);
        }
    }
}
