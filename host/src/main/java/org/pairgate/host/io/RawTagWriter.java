package org.pairgate.host.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes pairgate's own raw tag format: the simplest lossless form of a {@link TagSource} stream,
 * for generated test data, conversions and benchmarks.
 *
 * <p>Layout (little-endian): a 32-byte header, {@value #MAGIC} (8 ASCII bytes, the last two the
 * version), float64 ticks in ps, int64 tag count ({@code -1} until {@link #close()} patches it), 8
 * reserved zero bytes; then one 9-byte record per tag: int64 time in ticks, uint8 channel (0..254;
 * 255 is reserved). Any time is allowed, including negative ones and decreasing ones: the format
 * stores a stream, it does not judge it.
 *
 * <p>Records are staged in one direct buffer; no allocation per tag. Not thread-safe.
 */
public final class RawTagWriter implements TagFileWriter {
    /** First 8 bytes of a raw file. */
    public static final String MAGIC = "PGTAGS01";
    /** Header bytes before the first record. */
    public static final int HEADER_BYTES = 32;
    /** Bytes per record. */
    public static final int RECORD_BYTES = 9;

    private static final int CHUNK_RECORDS = 1 << 16;

    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer chunk;
    private final UnsafeBuffer out;
    private int staged;
    private long filePosition = HEADER_BYTES;
    private long tags;
    private boolean closed;

    private RawTagWriter(final Path path, final FileChannel channel, final double resolutionPs) throws IOException {
        this.path = path;
        this.channel = channel;
        final ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC.getBytes(StandardCharsets.US_ASCII)).putDouble(resolutionPs).putLong(-1).putLong(0).flip();
        writeFully(header, 0);
        this.chunk = BufferUtil.allocateDirectAligned(((CHUNK_RECORDS * RECORD_BYTES + 63) & ~63), 64)
            .order(ByteOrder.LITTLE_ENDIAN);
        this.out = new UnsafeBuffer(chunk);
    }

    /** Creates (or truncates) {@code path} for ticks of {@code resolutionPs} picoseconds. */
    public static RawTagWriter create(final Path path, final double resolutionPs) throws IOException {
        if (!(resolutionPs > 0) || !Double.isFinite(resolutionPs)) {
            throw new IllegalArgumentException("resolution must be a positive number of ps: " + resolutionPs);
        }
        final FileChannel channel = FileChannel.open(path,
            StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        try {
            return new RawTagWriter(path, channel, resolutionPs);
        } catch (final IOException | RuntimeException ex) {
            TagSources.closeQuietly(channel, ex);
            throw ex;
        }
    }

    /** Appends one tag; {@code channel} must be 0..254. */
    @Override
    public void write(final long time, final int channel) throws IOException {
        if (closed) {
            throw new IllegalStateException(path + ": writer is closed");
        }
        if (channel < 0 || channel > TagFile.MAX_CHANNEL) {
            throw new IllegalArgumentException("channel " + channel + " outside 0.." + TagFile.MAX_CHANNEL);
        }
        if (staged == CHUNK_RECORDS) {
            flush();
        }
        final int at = staged * RECORD_BYTES;
        out.putLong(at, time, ByteOrder.LITTLE_ENDIAN);
        out.putByte(at + 8, (byte)channel);
        staged++;
        tags++;
    }


    /** Tags written so far. */
    public long tags() {
        return tags;
    }

    private void flush() throws IOException {
        if (staged > 0) {
            chunk.clear().limit(staged * RECORD_BYTES);
            while (chunk.hasRemaining()) {
                filePosition += channel.write(chunk, filePosition);
            }
            staged = 0;
        }
    }

    /** Writes what is staged, patches the tag count and closes the file. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (FileChannel ignored = channel) {
            flush();
            final ByteBuffer count = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            count.putLong(0, tags);
            writeFully(count, 16);
        }
    }

    private void writeFully(final ByteBuffer buffer, final long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }
}
