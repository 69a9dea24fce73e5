package org.pairgate.host.correlate;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

import org.pairgate.device.NativeCounts;
import org.pairgate.device.SoftKernel;

import sun.misc.Unsafe;

/**
 * One {@link Correlator}'s state in correlate's native kernel ({@code pg_corr} of
 * soft-kernel/src/pg_correlate.c, in {@code libpairgate_soft.so}): the histogram, the recent pair
 * tags and the span live in C; the records are read in place from the reader's chunk. Two small
 * native buffers carry the decoder's time base and per-top counts in and the state out, so that no
 * call converts or copies a Java array (JNA direct mapping, addresses as longs). The native memory
 * is freed when the Correlator becomes unreachable (a Cleaner: Correlator has no close, and its
 * callers keep it for one file).
 *
 * <p>The state slots and io slots are those of soft-kernel/include/pg_correlate.h. Not thread-safe.
 */
final class NativeCorrelator {
    // pg_corr_read's slots
    static final int TAGS = 0;
    static final int FIRST_TIME = 1;
    static final int LAST_TIME = 2;
    static final int LAST_PAIR = 3;
    static final int TAGS_A = 4;
    static final int TAGS_B = 5;
    static final int FAIL_TIME = 6;
    static final int FAIL_CHANNEL = 7;
    static final int RING_CAPACITY = 8;
    private static final int STATE_LONGS = 9;
    // pg_corr_t2's io slots
    private static final int IO_TIME_BASE = 0;
    private static final int IO_PER_TOP = 1;
    private static final int IO_LONGS = 129;

    private static final Unsafe U = org.agrona.UnsafeAccess.UNSAFE;
    private static final Cleaner CLEANER = Cleaner.create();

    private final long handle;
    private final int bins;
    /** io (IO_LONGS), then the state (STATE_LONGS), then one tag for accept(time, channel): time, channel, count. */
    private final long scratch;
    private final long state;
    private final long oneTag;

    /** Whether the library loads and binds pg_correlate.h, per the soft-kernel switch (see {@link #use()}). */
    static boolean available() {
        return Binding.FAILURE == null;
    }

    /** Why the native kernel cannot be used, or null. */
    static String unavailableReason() {
        return Binding.FAILURE;
    }

    /**
     * Whether a new Correlator takes the native kernel: {@link SoftKernel#useNative()} (the switch
     * {@code pairgate.soft.kernel} / {@code PAIRGATE_SOFT_KERNEL}: auto, native, java) and the
     * correlate functions bound.
     */
    static boolean use() {
        if (!SoftKernel.useNative()) {
            return false;
        }
        if (!available()) {
            if (SoftKernel.choice() == SoftKernel.Choice.NATIVE) {
                throw new IllegalStateException("pairgate.soft.kernel=native: " + unavailableReason());
            }
            return false;
        }
        return true;
    }

    NativeCorrelator(final int channelA, final int channelB, final long range, final long bin) {
        if (!available()) {
            throw new IllegalStateException("correlate's native kernel: " + unavailableReason());
        }
        final long h = Abi.pg_corr_create(channelA, channelB, range, bin);
        if (h == 0) {
            throw new OutOfMemoryError("pg_corr_create(" + channelA + ", " + channelB + ", " + range + ", " + bin + ")");
        }
        final long bytes = (IO_LONGS + STATE_LONGS + 3) * 8L;
        final long s = U.allocateMemory(bytes);
        U.setMemory(s, bytes, (byte) 0);
        handle = h;
        scratch = s;
        state = s + IO_LONGS * 8L;
        oneTag = state + STATE_LONGS * 8L;
        bins = Abi.pg_corr_bins(h);
        CLEANER.register(this, new Free(h, s));
    }

    /** Frees the native state (by the Cleaner: it holds the two addresses, never the Correlator). */
    private record Free(long handle, long scratch) implements Runnable {
        @Override
        public void run() {
            Abi.pg_corr_destroy(handle);
            U.freeMemory(scratch);
        }
    }

    /**
     * {@code records} HydraHarp-family T2 records at {@code address}; {@code timeBase} in, the new
     * one by {@link #timeBase()}; the records per top added to {@code perTop}. Returns the records
     * consumed (all, or up to and including an out-of-order pair tag: {@link #get}(FAIL_CHANNEL)).
     */
    int t2(final long address, final int records, final boolean v1, final long timeBase, final long[] perTop) {
        U.putLong(scratch + IO_TIME_BASE * 8L, timeBase);
        final int done;
        try {
            done = Abi.pg_corr_t2(handle, address, records, v1 ? 1 : 0, scratch);
        } finally {
            Reference.reachabilityFence(this);   // not freed by the Cleaner while C runs on it
        }
        if (done < 0) {
            throw new OutOfMemoryError("pg_corr_t2: the window's history could not grow");
        }
        NativeCounts.foldInto(scratch + IO_PER_TOP * 8L, perTop, 128);
        read();
        return done;
    }

    private void read() {
        try {
            Abi.pg_corr_read(handle, state);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** The time base after the last {@link #t2} call. */
    long timeBase() {
        return U.getLong(scratch + IO_TIME_BASE * 8L);
    }

    /** A tag batch's three arrays (little-endian times, channel bytes, count words); as {@link #t2}'s return. */
    int tags(final long times, final long channels, final long counts, final int n) {
        final int done;
        try {
            done = Abi.pg_corr_tags(handle, times, channels, counts, n);
        } finally {
            Reference.reachabilityFence(this);
        }
        if (done < 0) {
            throw new OutOfMemoryError("pg_corr_tags: the window's history could not grow");
        }
        read();
        return done;
    }

    /** One tag (one native call: the per-tag path's rate is not this kernel's point). */
    int tag(final long time, final int channel) {
        U.putLong(oneTag, time);
        U.putByte(oneTag + 8, (byte) channel);
        U.putInt(oneTag + 16, 1);
        return tags(oneTag, oneTag + 8, oneTag + 16, 1);
    }

    /**
     * Tests: the scalar decode loop for this state's record calls even where the library has the
     * AVX-512 block path ({@link #vectorBuilt()}); the two give the same results (CorrelatorTest).
     */
    void scalarDecode(final boolean on) {
        try {
            Abi.pg_corr_scalar(handle, on ? 1 : 0);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Whether the library was built with the AVX-512 decode (soft-kernel/src/pg_t2_vec.h), the default path then. */
    static boolean vectorBuilt() {
        return Abi.pg_corr_vector() != 0;
    }

    /** A state slot as of the last call. */
    long get(final int slot) {
        return U.getLong(state + slot * 8L);
    }

    /** The histogram now, copied out. */
    long[] counts() {
        final long[] out = new long[bins];
        final long tmp = U.allocateMemory(bins * 8L);
        try {
            Abi.pg_corr_counts(handle, tmp);
            U.copyMemory(null, tmp, out, Unsafe.ARRAY_LONG_BASE_OFFSET, bins * 8L);
        } finally {
            U.freeMemory(tmp);
            Reference.reachabilityFence(this);
        }
        return out;
    }

    /** The functions of pg_correlate.h (direct mapping: static natives, addresses as longs). */
    @SuppressWarnings({"checkstyle:MethodName", "unused"})
    static final class Abi {
        private Abi() { }

        static native long pg_corr_create(int channelA, int channelB, long range, long bin);

        static native void pg_corr_destroy(long c);

        static native int pg_corr_t2(long c, long records, int n, int v1, long io);

        static native int pg_corr_tags(long c, long times, long channels, long counts, int n);

        static native void pg_corr_read(long c, long out);

        static native void pg_corr_counts(long c, long out);

        static native int pg_corr_bins(long c);

        static native void pg_corr_scalar(long c, int on);

        static native int pg_corr_vector();
    }

    /** Binds {@link Abi} to the library SoftKernel loaded, once, on first use; FAILURE says why it could not. */
    private static final class Binding {
        static final String FAILURE = bind();

        private static String bind() {
            if (!SoftKernel.isAvailable()) {
                return SoftKernel.unavailableReason();
            }
            try {
                Native.register(Abi.class, NativeLibrary.getInstance(SoftKernel.libraryPath().toString()));
                return null;
            } catch (final Throwable t) {
                return "cannot bind pg_corr_* in " + SoftKernel.libraryPath() + ": " + t
                    + " (a library built before correlate's kernel? `make -C soft-kernel`)";
            }
        }
    }
}
