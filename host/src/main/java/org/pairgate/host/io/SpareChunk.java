package org.pairgate.host.io;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;

import org.agrona.BufferUtil;

/**
 * One direct buffer of a reader's default chunk ({@link PtuT2Reader#DEFAULT_CHUNK_BYTES} plus the
 * 64 bytes of slack {@link ChunkedFile} keeps past its records), kept for the next user in the
 * process: the second core of a split (issue 15) reads the records before its start into it
 * ({@link T2PrefixScan}'s native scan), hands it on as its own reader's chunk ({@link
 * PtuT2Reader#fork}) and gives it back when that reader closes, so the buffer's pages are touched
 * before the split point is chosen, not after. On this project's VMs the first touch of a fresh
 * anonymous page costs ~10-15 µs (a fresh 256 KiB direct buffer ~1 ms), which a split pays on the
 * critical path when it comes after the choice: the second core's part was chosen to end with the
 * first core's and nothing after the choice is counted in it ({@code ParallelRun#startHere}).
 *
 * <p>One buffer at a time: a second user at once makes its own, which is then dropped. Thread-safe.
 */
final class SpareChunk {
    /** The buffer's capacity: the default chunk and ChunkedFile's slack. */
    static final int CAPACITY = PtuT2Reader.DEFAULT_CHUNK_BYTES + 64;
    private static final AtomicReference<ByteBuffer> SPARE = new AtomicReference<>();

    private SpareChunk() {
    }

    /** The kept buffer (no longer kept), or a fresh one; 64-byte aligned, {@link #CAPACITY} bytes, contents undefined. */
    static ByteBuffer take() {
        final ByteBuffer b = SPARE.getAndSet(null);
        return b != null ? b.clear() : BufferUtil.allocateDirectAligned(CAPACITY, 64);
    }

    /** Whether a buffer is kept now (tests). */
    static boolean held() {
        return SPARE.get() != null;
    }

    /** Keeps {@code b} for the next {@link #take} unless one is kept already; its user must not touch it again. */
    static void give(final ByteBuffer b) {
        if (b != null && b.capacity() == CAPACITY) {
            SPARE.compareAndSet(null, b);
        }
    }
}
