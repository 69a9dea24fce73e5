package org.pairgate.host.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

import org.agrona.BufferUtil;
import org.agrona.IoUtil;

/**
 * Windows over the fixed-size records of a file, one at a time, each at an address that stays
 * valid until the next: either a read-only memory map of the window (the records read in place)
 * or the window read into one direct buffer. Every window starts on a record boundary,
 * {@code start + k·recordBytes}, and holds whole records only, so no record is ever split between
 * two windows and a consumer needs no carry-over. Only one window is held at a time: memory stays
 * bounded by the window size whatever the file's size.
 *
 * <p>Read, not mapped, unless asked ({@link #of}, {@code -Dpairgate.io.map=true}): on this
 * project's VM a mapped page costs more than copying it. Thread CPU time a record on the bench's 24M
 * file (2026-12-07, load ~6): {@link T2PrefixScan}'s scan 4.3-4.9 ns over 64 MiB map windows
 * against 2.2-2.3 ns over 256 KiB reads; the fused soft path 5.3 against 3.6 (MappedChunks
 * against ChunkedFile). The read window is at most {@link #READ_WINDOW_BYTES}, whatever larger
 * window a caller asks for mapping.
 *
 * <p>A mapped file must not shrink while a window is mapped: reading a page past its end faults
 * (the JVM or a native kernel reading it dies of SIGBUS). A file that grows is fine either way.
 *
 * <p>Shared by {@link MappedChunks} (the readers' mapped chunk source) and {@link T2PrefixScan}.
 * Not thread-safe.
 */
final class RecordWindows implements AutoCloseable {
    /** Largest window read into the buffer: the reader's chunk size (PtuT2Reader.DEFAULT_CHUNK_BYTES). */
    static final int READ_WINDOW_BYTES = 1 << 18;

    private final FileChannel channel;
    private final long start;
    private final int recordBytes;
    private final long windowRecords;
    private final boolean mapped;
    private MappedByteBuffer map;
    private ByteBuffer buffer;
    private long address;
    private long first;
    private long count;

    /**
     * Windows over records of {@code recordBytes} from byte {@code start} of the file, mapped when
     * {@code mapped}, of at most {@code windowBytes} (rounded down to whole records, at least one;
     * at most {@link #READ_WINDOW_BYTES} when read).
     */
    RecordWindows(final FileChannel channel, final long start, final int recordBytes, final long windowBytes,
                  final boolean mapped) {
        this(channel, start, recordBytes, windowBytes, mapped, null);
    }

    /**
     * As above, read windows into {@code readBuffer} when it holds one (a caller that scans again
     * keeps its buffer: a fresh one costs ~10 µs a page at first touch on this project's VMs);
     * {@link #detachBuffer} gives it back.
     */
    RecordWindows(final FileChannel channel, final long start, final int recordBytes, final long windowBytes,
                  final boolean mapped, final ByteBuffer readBuffer) {
        if (recordBytes <= 0 || start < 0) {
            throw new IllegalArgumentException("records of " + recordBytes + " bytes from " + start);
        }
        this.channel = channel;
        this.start = start;
        this.recordBytes = recordBytes;
        this.mapped = mapped;
        final long bytes = mapped ? Math.min(windowBytes, Integer.MAX_VALUE) : Math.min(windowBytes, READ_WINDOW_BYTES);
        this.windowRecords = Math.max(1, bytes / recordBytes);
        this.buffer = readBuffer != null && !mapped && readBuffer.capacity() >= windowRecords * recordBytes ? readBuffer : null;
    }

    /** The read buffer (null when none was made or given), no longer this object's: for the next scan. */
    ByteBuffer detachBuffer() {
        release();
        final ByteBuffer b = buffer;
        buffer = null;
        return b;
    }

    /** As the constructor, mapped or read as {@link MappedChunks#enabled()} says. */
    static RecordWindows of(final FileChannel channel, final long start, final int recordBytes, final long windowBytes) {
        return new RecordWindows(channel, start, recordBytes, windowBytes, MappedChunks.enabled());
    }

    /**
     * Makes records [{@code from}, {@code from + n}) available at {@link #address()}, at most one
     * window's worth of them, giving up the window before. Returns the records there (0 when
     * {@code n} is 0 or less; fewer than asked when the file ends first).
     */
    long map(final long from, final long n) throws IOException {
        release();
        final long k = Math.min(n, windowRecords);
        if (k <= 0) {
            return 0;
        }
        final long position = start + from * recordBytes;
        if (mapped) {
            map = channel.map(FileChannel.MapMode.READ_ONLY, position, k * recordBytes);
            address = BufferUtil.address(map);
            count = k;
        } else {
            if (buffer == null) {
                buffer = BufferUtil.allocateDirectAligned((int) ((windowRecords * recordBytes + 63) & ~63L), 64);
            }
            final ByteBuffer b = buffer.clear().limit((int) (k * recordBytes));
            while (b.hasRemaining()) {
                if (channel.read(b, position + b.position()) < 0) {
                    break;
                }
            }
            address = BufferUtil.address(b);
            count = b.position() / recordBytes;
            if (count == 0) {
                throw new java.io.EOFException("the file ends before record " + from + " (byte " + position + ")");
            }
        }
        first = from;
        return count;
    }

    /** Address of the window's first record (valid until the next {@link #map} or {@link #close}). */
    long address() {
        return address;
    }

    /** Index (from the start) of the window's first record. */
    long first() {
        return first;
    }

    /** Records in the window (0 when none is held). */
    long count() {
        return count;
    }

    /** Whole records in the file from the start, as the file is now. */
    long fileRecords() throws IOException {
        return Math.max(0, channel.size() - start) / recordBytes;
    }

    /** Bytes of the file past its last whole record, as the file is now. */
    long trailingBytes() throws IOException {
        return Math.max(0, channel.size() - start) % recordBytes;
    }

    /** Gives up the window: unmaps it (the read buffer is kept for the next). */
    void release() {
        final MappedByteBuffer m = map;
        count = 0;
        if (m != null) {
            map = null;
            address = 0;
            IoUtil.unmap(m);
        }
    }

    @Override
    public void close() {
        release();
        buffer = null;
    }
}
