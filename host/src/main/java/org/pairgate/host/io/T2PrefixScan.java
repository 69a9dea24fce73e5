package org.pairgate.host.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

import org.agrona.BufferUtil;
import org.agrona.UnsafeAccess;
import org.pairgate.device.HydraT2State;
import org.pairgate.device.SoftKernel;

/**
 * What a second core needs to know of the records before its start in a HydraHarp-family T2
 * file (issue 15): the time base there (the overflow periods before it) and the records of the
 * sync's kind before it (the trials they opened), so that the scan costs a small fraction of
 * what counting the same records costs (docs/benchmarks.md "Two cores"). Two loops, chosen by
 * {@link Kernel}: when the soft kernels run natively, the soft kernel library's C loop
 * ({@code pgs_t2_prefix_scan}, AVX-512) over the records read {@link #READ_BYTES} at a time into
 * one buffer kept for the next scan (not mapped: on this project's VMs the first touch of each
 * 4 KiB page of a fresh mapping costs ~1.5 µs, ten times the C loop's records on it); else
 * {@link #scanRange}, the spec ({@code T2PrefixScanNativeTest} holds the two equal), over the records a window at a time ({@link RecordWindows}: 256 KiB reads, or with
 * -Dpairgate.io.map=true read-only maps of {@link #WINDOW_BYTES}; reads are the faster here, see
 * there). Both in one loop over {@link RecordWindows}, asking the stop rule at the same records;
 * the Java one with a compare for the sync and a branch only on the rare overflow record.
 *
 * <p>Not thread-safe; one scan per instance of its result.
 */
final class T2PrefixScan {
    /** Bytes mapped at a time: large enough that a window costs one system call per 16 Mi records, small enough for any address space. */
    static final long WINDOW_BYTES = 64L << 20;
    /** Bytes the native scan reads at a time into its buffer (64 Ki records: half the L2 cache of the bench's CPU; 64 KiB and 1 MiB were slower). */
    static final int READ_BYTES = 256 << 10;

    /**
     * Where in the read buffer ({@link SpareChunk#CAPACITY} bytes) the C scan writes its two
     * counts: past the {@link RecordWindows#READ_WINDOW_BYTES} a read fills, in the slack.
     */
    private static final int OUT_OFFSET = RecordWindows.READ_WINDOW_BYTES;

    static {
        if (SpareChunk.CAPACITY < OUT_OFFSET + 16 || READ_BYTES > OUT_OFFSET) {
            throw new AssertionError("the scan's counts need 16 bytes past its reads in the spare chunk");
        }
    }

    private static final int HH_TIMETAG_MASK = 0x01FF_FFFF;
    private static final boolean NATIVE_LE = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;

    /**
     * The native scan's read buffer ({@link SpareChunk}), handed to the caller when it asked to
     * keep it ({@link #scanUntil} with {@code keep}), else null (given back to {@link SpareChunk}).
     */
    final ByteBuffer buffer;
    /** Records scanned: the start ({@link #scanUntil} may stop before the end it was given). */
    final long records;
    /** Records before the start whose bits 31..25 (special bit and channel) are the sync's. */
    final long syncs;
    /** Overflow periods before the start: the time base is this times the wrap. */
    final long periods;
    /** The time base at the start, in ticks. */
    final long timeBase;

    private T2PrefixScan(final long records, final long syncs, final long periods, final long timeBase,
                         final ByteBuffer buffer) {
        this.buffer = buffer;
        this.records = records;
        this.syncs = syncs;
        this.periods = periods;
        this.timeBase = timeBase;
    }

    /**
     * The top seven bits (special bit and channel) of a HydraHarp-family record on {@code channel}
     * as {@link PtuT2Reader} yields channels: 64 for the sync input's special record (channel 0),
     * {@code c - 1} for input {@code c - 1} (channel c); -1 for a channel no record has.
     */
    static int topOf(final int channel) {
        return channel == 0 ? 64 : channel >= 1 && channel <= 64 ? channel - 1 : -1;
    }

    /**
     * Scans records [0, {@code records}) of the file's data from {@code dataOffset}, counting the
     * records whose top seven bits are {@code syncTop} and the overflow periods (HydraHarp V1: one
     * wrap of {@link HydraT2State#V1_WRAP} per overflow record; V2 and later: the record's count of
     * 2^25 periods, 0 meaning 1).
     */
    static T2PrefixScan scan(final FileChannel channel, final long dataOffset, final long records, final int syncTop,
                             final boolean v1) throws IOException {
        return scanUntil(channel, dataOffset, records, syncTop, v1, Integer.MAX_VALUE, m -> false);
    }

    /**
     * As {@link #scan}, stopping early at the first multiple m of {@code step} records (before
     * {@code records}) for which {@code stop} holds: the scan's end is then {@link #records}. The
     * rule is asked once per step, in the scanning thread.
     */
    static T2PrefixScan scanUntil(final FileChannel channel, final long dataOffset, final long records, final int syncTop,
                                  final boolean v1, final int step, final java.util.function.LongPredicate stop)
        throws IOException {
        return scanUntil(channel, dataOffset, records, syncTop, v1, step, stop, Kernel.chosen(), false);
    }

    /**
     * Which loop scans: the C one of the soft kernel library ({@code pgs_t2_prefix_scan}, AVX-512
     * where built, 0.1-0.3 ns a record against this class's 1.7-2.7) or {@link #scanRange}, the
     * spec. {@link #chosen} follows the soft kernels' choice ({@link SoftKernel#useNative}:
     * {@code pairgate.soft.kernel=java} keeps the Java scan too); the system property {@code
     * pairgate.split.scan=java} keeps the Java scan alone (the bench's in-run before, {@code
     * soft-2cores-jscan}).
     */
    enum Kernel {
        JAVA, NATIVE, NATIVE_SCALAR;

        /** NATIVE when the soft kernels run natively on this (little-endian) machine, else JAVA. */
        static Kernel chosen() {
            return NATIVE_LE && !"java".equals(System.getProperty("pairgate.split.scan")) && SoftKernel.useNative()
                ? NATIVE : JAVA;
        }
    }

    /** As {@link #scanUntil(FileChannel, long, long, int, boolean, int, java.util.function.LongPredicate)} with the given loop (tests). */
    static T2PrefixScan scanUntil(final FileChannel channel, final long dataOffset, final long records, final int syncTop,
                                  final boolean v1, final int step, final java.util.function.LongPredicate stop,
                                  final Kernel kernel) throws IOException {
        return scanUntil(channel, dataOffset, records, syncTop, v1, step, stop, kernel, false);
    }

    /**
     * As above; {@code keep}: the read buffer ({@link SpareChunk}: the native scan's, taken before
     * the scan for the Java one, which maps or reads its own windows) is handed on in {@link
     * #buffer} rather than given back, for a fork's chunk, its pages touched before the split is
     * chosen.
     */
    static T2PrefixScan scanUntil(final FileChannel channel, final long dataOffset, final long records, final int syncTop,
                                  final boolean v1, final int step, final java.util.function.LongPredicate stop,
                                  final Kernel kernel, final boolean keep) throws IOException {
        if (kernel != Kernel.JAVA && !NATIVE_LE) {
            throw new IllegalArgumentException("the native scan reads little-endian records in place");
        }
        if (step < 1) {
            throw new IllegalArgumentException("step " + step);
        }
        if (syncTop < 0 || syncTop > 127) {
            throw new IllegalArgumentException("not a record's top seven bits: " + syncTop);
        }
        final boolean inC = kernel != Kernel.JAVA;
        long syncs = 0;
        long periods = 0;
        long done = 0;
        boolean stopped = false;
        // the native scan's read buffer, which a fork then takes as its chunk; the Java scan reads its own windows, and a
        // fork's chunk is taken here all the same, before the scan, so that its pages are touched before the choice
        ByteBuffer kept = inC || keep ? SpareChunk.take() : null;
        // the C scan's two counts: in the buffer's slack past the records a read puts there (no buffer of their own a scan)
        final long outAddress = inC ? BufferUtil.address(kept) + OUT_OFFSET : 0;
        try (RecordWindows windows = inC
            ? new RecordWindows(channel, dataOffset, 4, READ_BYTES, false, kept)
            : RecordWindows.of(channel, dataOffset, 4, WINDOW_BYTES)) {
            try {
                while (done < records && !stopped) {
                    final long n = windows.map(done, records - done);
                    final long address = windows.address();
                    long i = 0;
                    while (i < n) {
                        if ((done + i) % step == 0 && stop.test(done + i)) {
                            stopped = true;
                            break;
                        }
                        final int k = (int) Math.min(step - (done + i) % step, n - i);
                        if (inC) {
                            SoftKernel.t2PrefixScan(address + 4 * i, k, syncTop, v1, kernel == Kernel.NATIVE_SCALAR, outAddress);
                            syncs += UnsafeAccess.UNSAFE.getLong(outAddress);
                            periods += UnsafeAccess.UNSAFE.getLong(outAddress + 8);
                        } else {
                            final long[] counts = scanRange(address + 4 * i, k, syncTop, v1);
                            syncs += counts[0];
                            periods += counts[1];
                        }
                        i += k;
                    }
                    done += i;
                }
            } finally {
                if (inC) {
                    kept = windows.detachBuffer();
                }
                if (!keep) {
                    SpareChunk.give(kept);
                    kept = null;
                }
            }
        }
        return new T2PrefixScan(done, syncs, periods, v1 ? periods * HydraT2State.V1_WRAP : periods << 25, kept);
    }

    /**
     * {sync records, overflow periods} of {@code n} little-endian records at {@code address}. The
     * sync test is a compare the JIT turns into a flag add; the overflow record, a tenth of the
     * records or less in a file with a trigger faster than the wrap, takes a branch: on the bench's
     * 24M file this loop costs 1.7 ns a record where a branch-free form costs 3.5 and the copy and
     * histogram of the first version 2.7 (thread CPU time, one loaded machine, 2026-12-07 01:44 UTC).
     */
    private static long[] scanRange(final long address, final int n, final int syncTop, final boolean v1) {
        long syncs = 0;
        long periods = 0;
        for (int i = 0; i < n; i++) {
            int record = UnsafeAccess.UNSAFE.getInt(address + 4L * i);
            if (!NATIVE_LE) {
                record = Integer.reverseBytes(record);
            }
            final int top = record >>> 25;
            syncs += top == syncTop ? 1 : 0;
            if (top == 127) {
                final long timetag = record & HH_TIMETAG_MASK;
                periods += v1 || timetag == 0 ? 1 : timetag;   // V2: 0 means 1
            }
        }
        return new long[] {syncs, periods};
    }

    /**
     * The index of the first record in [{@code from}, {@code end}) on top {@code topA} or
     * {@code topB} whose time is more than {@code ticks} after that of the first record there on
     * either; -1 when there is none. {@code timeBase} is the time base at {@code from}. Reads in
     * place as {@link #scan} does; stops at the record found.
     */
    static long firstPast(final FileChannel channel, final long dataOffset, final long from, final long end,
                          final long timeBase, final int topA, final int topB, final boolean v1, final long ticks)
        throws IOException {
        long base = timeBase;
        long first = Long.MIN_VALUE;
        long done = from;
        try (RecordWindows windows = RecordWindows.of(channel, dataOffset, 4, WINDOW_BYTES)) {
            while (done < end) {
                final long n = windows.map(done, end - done);
                final long address = windows.address();
                for (int i = 0; i < n; i++) {
                    int record = UnsafeAccess.UNSAFE.getInt(address + 4L * i);
                    if (!NATIVE_LE) {
                        record = Integer.reverseBytes(record);
                    }
                    final int top = record >>> 25;
                    final long timetag = record & HH_TIMETAG_MASK;
                    if (top == 127) {
                        base += v1 ? HydraT2State.V1_WRAP : (timetag == 0 ? 1 : timetag) << 25;
                    } else if (top == topA || top == topB) {
                        final long t = base + timetag;
                        if (first == Long.MIN_VALUE) {
                            first = t;
                        } else if (t - first > ticks) {
                            return done + i;
                        }
                    }
                }
                done += n;
            }
        }
        return -1;
    }
}
