package org.pairgate.device;

import sun.misc.Unsafe;

/**
 * Counts that a native kernel (soft-kernel) adds to in native memory, taken into Java as deltas:
 * the one fold both the T2 soft kernel ({@link NativeT2Kernel}) and correlate's kernel (host's
 * NativeCorrelator, the records per top value) need after each call, so that neither C side has
 * to know the Java arrays' totals.
 */
public final class NativeCounts {
    private static final Unsafe U = org.agrona.UnsafeAccess.UNSAFE;

    private NativeCounts() {
    }

    /**
     * Adds the {@code n} native longs at {@code address} to {@code dst}'s first {@code n} and zeroes
     * them there (a delta taken); the zero words, most of them between calls, are only read.
     */
    public static void foldInto(final long address, final long[] dst, final int n) {
        for (int i = 0; i < n; i++) {
            final long at = address + 8L * i;
            final long v = U.getLong(at);
            if (v != 0) {
                dst[i] += v;
                U.putLong(at, 0L);
            }
        }
    }
}
