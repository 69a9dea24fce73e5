package org.pairgate.host.io;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

import org.agrona.BufferUtil;
import org.agrona.IoUtil;

/**
 * Read-only memory-map windows over the fixed-size records of a file, one window at a time: the
 * records are read in place, with no copy into a chunk buffer (issue 15: the read copy was 8 % of
 * the soft engine's time). Every window starts on a record boundary, {@code start + k·recordBytes}
 * (the operating system's page alignment is {@link FileChannel#map}'s business), and holds whole
 * records only, so no record is ever split between two windows and the consumer needs no carry-over.
 * Only one window is mapped at a time, and mapping the next unmaps the one before: the pages held
 * stay bounded by the window size whatever the file's size.
 *
 * <p>The file must not shrink while a window is mapped: reading a page past its end faults
 * (the JVM or the native kernel reading it dies of SIGBUS). A file that grows is fine.
 *
 * <p>Shared by {@link MappedChunks} (the readers' chunk source) and {@link T2PrefixScan}. Not
 * thread-safe.
 */
final class MappedRecords implements AutoCloseable {
    private final FileChannel channel;
    private final long start;
    private final int recordBytes;
    private final long windowRecords;
    private MappedByteBuffer map;
    private long address;
    private long first;
    private long count;

    /**
     * Windows over records of {@code recordBytes} from byte {@code start} of the file, at most
     * {@code windowBytes} (rounded down to whole records, at least one record) per window.
     */
    MappedRecords(final FileChannel channel, final long start, final int recordBytes, final long windowBytes) {
        if (recordBytes <= 0 || start < 0) {
            throw new IllegalArgumentException("records of " + recordBytes + " bytes from " + start);
        }
        this.channel = channel;
        this.start = start;
        this.recordBytes = recordBytes;
        this.windowRecords = Math.max(1, Math.min(windowBytes, Integer.MAX_VALUE) / recordBytes);
    }

    /**
     * Maps records [{@code from}, {@code from + n}) at most one window's worth of them, unmapping
     * the window before. Returns the records mapped (0 when {@code n} is 0 or less).
     */
    long map(final long from, final long n) throws IOException {
        release();
        final long k = Math.min(n, windowRecords);
        if (k <= 0) {
            return 0;
        }
        map = channel.map(FileChannel.MapMode.READ_ONLY, start + from * recordBytes, k * recordBytes);
        address = BufferUtil.address(map);
        first = from;
        count = k;
        return k;
    }

    /** Address of the window's first record (valid until the next {@link #map} or {@link #close}). */
    long address() {
        return address;
    }

    /** Index (from the start) of the window's first record. */
    long first() {
        return first;
    }

    /** Records in the window (0 when none is mapped). */
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

    /** Unmaps the window, if any. */
    void release() {
        final MappedByteBuffer m = map;
        if (m != null) {
            map = null;
            address = 0;
            count = 0;
            IoUtil.unmap(m);
        }
    }

    @Override
    public void close() {
        release();
    }
}
