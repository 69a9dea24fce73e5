package org.pairgate.device;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import sun.misc.Unsafe;

/**
 * The state of one {@link FastSoftDevice}'s native two-pass kernel ({@code pgs_t2} of
 * soft-kernel/src/pg_soft_t2.c): a header of int64 words and int64 arrays in native memory, read
 * and written here through their addresses (no JNA conversion, no array copies on the record
 * path); the records themselves are read in place from the mapped file. The indices are those of
 * soft-kernel/include/pg_soft.h. The native memory is freed by {@link #close} or, for a device
 * never closed, when the device becomes unreachable.
 */
final class NativeT2Kernel implements AutoCloseable {
    static final int H_TIME_BASE = 0;
    static final int H_LAST_TIME = 1;
    static final int H_SYNC_TIME = 2;
    static final int H_PATTERN = 3;
    static final int H_TRIALS = 4;
    static final int H_DUE_AT = 5;
    static final int H_RING_HEAD = 6;
    static final int H_RING_COUNT = 7;
    static final int H_NONZERO = 8;
    static final int H_BLOCKS = 9;
    static final int H_SYNC_DELAY = 10;
    static final int H_V1 = 11;
    static final int H_BIN_SHIFT = 12;
    static final int H_BIN_MAGIC = 13;
    static final int H_BIN_DIVISOR = 14;
    static final int H_SCALAR = 15;
    static final int H_SIMD = 16;

    static final int A_COUNTERS = 0;
    static final int A_PER_TOP = 1;
    static final int A_BIT_COUNT = 2;
    static final int A_NOT_TAG = 3;
    static final int A_DELAY = 4;
    static final int A_OVERFLOW = 5;
    static final int A_SYNC = 6;
    static final int A_CLICK = 7;
    static final int A_DET = 8;
    static final int A_OTHER = 9;
    static final int A_WIN_START = 10;
    static final int A_WIN_LENGTH = 11;
    static final int A_OTHER_OF = 12;
    static final int A_BOTH_OF = 13;
    static final int A_FIRST_REL = 14;
    static final int A_RING_TRIAL = 15;
    static final int A_RING_PATTERN = 16;
    private static final int ARRAYS = 17;

    private static final Unsafe U = org.agrona.UnsafeAccess.UNSAFE;
    private static final Cleaner CLEANER = Cleaner.create();

    private final long handle;
    private final long header;
    private final long[] arrays = new long[ARRAYS];
    private final Cleaner.Cleanable cleanable;

    /**
     * A native state for the shape and frame layout given (see pg_soft.h, pgs_t2_create).
     *
     * @throws DeviceException when the library cannot be used or native memory is short
     */
    NativeT2Kernel(final PgMap.FrameLayout l, final int blockRecords, final int ringSize) {
        if (!SoftKernel.isAvailable()) {
            throw new DeviceException(DeviceException.EINVAL, "native soft kernel: " + SoftKernel.unavailableReason());
        }
        final long[] p = {l.windows, l.detectors, l.maxDn, l.bins, blockRecords, ringSize, l.frameWords,
            l.offSyncs, l.offOtherChannel, l.offOutOfOrder, l.offInWindow, l.offOutside, l.offPatterns,
            l.offFirstArrival, l.offBothArrival, l.offDnCoinc};
        final Memory params = new Memory(8L * p.length);
        params.write(0, p, 0, p.length);
        final long h = SoftKernel.Abi.pgs_t2_create(Pointer.nativeValue(params));
        // the call takes a bare address: keep params (freed by JNA's cleaner once unreachable) alive past it
        Reference.reachabilityFence(params);
        if (h == 0) {
            throw new DeviceException(DeviceException.EINVAL, "native soft kernel: out of memory for " + l);
        }
        this.handle = h;
        this.header = SoftKernel.Abi.pgs_t2_header(h);
        for (int i = 0; i < ARRAYS; i++) {
            arrays[i] = SoftKernel.Abi.pgs_t2_array(h, i);
        }
        this.cleanable = CLEANER.register(this, () -> SoftKernel.Abi.pgs_t2_free(h));
    }

    long header(final int index) {
        return U.getLong(header + 8L * index);
    }

    void header(final int index, final long value) {
        U.putLong(header + 8L * index, value);
    }

    long get(final int array, final int index) {
        return U.getLong(arrays[array] + 8L * index);
    }

    void put(final int array, final int index, final long value) {
        U.putLong(arrays[array] + 8L * index, value);
    }

    /** Adds the native delta array {@code array} to {@code dst} (its first {@code n} words) and zeroes it. */
    void foldInto(final int array, final long[] dst, final int n) {
        NativeCounts.foldInto(arrays[array], dst, n);
    }

    /** The native header word {@code index}, then zero there (a delta taken). */
    long take(final int index) {
        final long v = header(index);
        header(index, 0L);
        return v;
    }

    /** pgs_t2_run over {@code records} records at {@code address}; returns the records taken. */
    long run(final long address, final long records) {
        return SoftKernel.Abi.pgs_t2_run(handle, address, records);
    }

    @Override
    public void close() {
        cleanable.clean();
    }
}
