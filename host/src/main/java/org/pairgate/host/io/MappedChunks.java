package org.pairgate.host.io;

import java.io.IOException;
import java.nio.channels.FileChannel;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A file's fixed-size records as {@link RecordChunks} read in place through read-only memory-map
 * windows ({@link RecordWindows}): a chunk is one window, and the decoders and the fused kernels
 * read the records where the page cache holds them, with no copy into a buffer (issue 15). The
 * buffer's address changes from one window to the next, so a decoder takes it from
 * {@link #buffer()} after each {@link #ensure()}. Windows hold whole records, so there is nothing
 * to carry over between them; an incomplete final record stays unmapped and is reported by
 * {@link #trailingBytes()} as {@link ChunkedFile} reports it.
 *
 * <p>Off by default ({@link #enabled()}): on this project's machines (a VM whose page tables are
 * paravirtualised) it is the slower path. Mapping a window costs its page-table entries, which a
 * read copy never pays: the fused soft path took 5.3 CPU ns a record mapped against 3.6 copied
 * through {@link ChunkedFile} (8 MiB windows, the 24M bench file, in-process A/B, 2026-12-07), and
 * the C kernel alone, soft-kernel's harness, 4.9 ns over 8 MiB windows mapped per pass (4.6 ns
 * with MAP_POPULATE) against 3.2 ns over pread() chunks; its 2.9 ns is a whole-file map populated
 * once and read again on every pass. Correlate: 4.7 against 2.7 ns. Where mapping is cheap
 * (page tables not trapped, a file read more than once per map) it saves the copy.
 *
 * <p>For files only (a live instrument has its own {@link RecordChunks}). Not thread-safe.
 */
final class MappedChunks implements RecordChunks {
    /**
     * Whether file readers map their records: system property {@code pairgate.io.map}, default
     * false ({@link ChunkedFile}'s reads into one buffer; see above). Read when a reader opens.
     */
    static boolean enabled() {
        return Boolean.getBoolean(ENABLED);
    }

    /** The system property of {@link #enabled()}. */
    static final String ENABLED = "pairgate.io.map";

    private final RecordWindows windows;
    private final int recordBytes;
    private final UnsafeBuffer buffer = new UnsafeBuffer(0L, 0);
    /** Index of the record after the current window (from the start given). */
    private long next;
    private int position;
    private int limit;
    private int trailing;

    /** Records of {@code recordBytes} from byte {@code start} of the file, {@code windowBytes} mapped at a time. */
    MappedChunks(final FileChannel channel, final long start, final long windowBytes, final int recordBytes) {
        this.windows = new RecordWindows(channel, start, recordBytes, windowBytes, true);
        this.recordBytes = recordBytes;
    }

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

    @Override
    public void position(final int newPosition) {
        position = newPosition;
    }

    @Override
    public int recordsInChunk() {
        return (limit - position) / recordBytes;
    }

    @Override
    public boolean ensure() throws IOException {
        if (limit - position >= recordBytes) {
            return true;
        }
        final long available = windows.fileRecords() - next;
        final long n = windows.map(next, available);
        if (n == 0) {
            trailing = available < 0 ? 0 : (int) windows.trailingBytes();
            position = 0;
            limit = 0;
            buffer.wrap(0L, 0);
            return false;
        }
        next += n;
        position = 0;
        limit = (int) (n * recordBytes);
        buffer.wrap(windows.address(), limit);
        return true;
    }

    @Override
    public int trailingBytes() {
        return limit - position + trailing;
    }

    @Override
    public boolean waits() {
        return false;
    }

    @Override
    public void release() {
        windows.release();
        position = 0;
        limit = 0;
    }
}
