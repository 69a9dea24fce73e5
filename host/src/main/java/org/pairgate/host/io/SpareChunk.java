package org.pairgate.host.io;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;

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
 * <p>{@link #KEPT} buffers at most: the second core's fork holds one while the first core, taking the
 * tail of the second's part ({@code ParallelRun}'s steal), scans into and forks with another. A
 * further user at once makes its own, which is then dropped. Thread-safe.
 */
final class SpareChunk {
    /** The buffer's capacity: the default chunk and ChunkedFile's slack. */
    static final int CAPACITY = PtuT2Reader.DEFAULT_CHUNK_BYTES + 64;
    /** Buffers kept at most: one per core of a split. */
    static final int KEPT = 2;
    private static final AtomicReferenceArray<ByteBuffer> SPARE = new AtomicReferenceArray<>(KEPT);

    private SpareChunk() {
    }

    /** A kept buffer (no longer kept), or a fresh one; 64-byte aligned, {@link #CAPACITY} bytes, contents undefined. */
    static ByteBuffer take() {
        for (int i = 0; i < KEPT; i++) {
            final ByteBuffer b = SPARE.getAndSet(i, null);
            if (b != null) {
                return b.clear();
            }
        }
        return BufferUtil.allocateDirectAligned(CAPACITY, 64);
    }

    /** Buffers kept now (tests). */
    static int held() {
        int n = 0;
        for (int i = 0; i < KEPT; i++) {
            n += SPARE.get(i) != null ? 1 : 0;
        }
        return n;
    }

    /** Keeps {@code b} for a later {@link #take} unless {@link #KEPT} are kept already; its user must not touch it again. */
    static void give(final ByteBuffer b) {
        if (b != null && b.capacity() == CAPACITY) {
            for (int i = 0; i < KEPT; i++) {
                if (SPARE.compareAndSet(i, null, b)) {
                    return;
                }
            }
        }
    }
}
