package org.pairgate.host.io;

import java.io.IOException;
import java.nio.channels.FileChannel;

import org.agrona.UnsafeAccess;
import org.pairgate.device.HydraT2State;

/**
 * What a second core needs to know of the records before its start in a HydraHarp-family T2
 * file (issue 15): the time base there (the overflow periods before it) and the records of the
 * sync's kind before it (the trials they opened). It reads the records a window at a time
 * ({@link RecordWindows}: 256 KiB reads, or with -Dpairgate.io.map=true read-only maps of
 * {@link #WINDOW_BYTES}; reads are the faster here, see there), one straight-line loop with
 * no branch on the record kind (overflow records fall at random among the clicks, a branch on them would mispredict), so that the scan costs a
 * small fraction of what counting the same records costs (docs/benchmarks.md "Two cores").
 *
 * <p>Not thread-safe; one scan per instance of its result.
 */
final class T2PrefixScan {
    /** Bytes mapped at a time: large enough that a window costs one system call per 16 Mi records, small enough for any address space. */
    static final long WINDOW_BYTES = 64L << 20;

    private static final int HH_TIMETAG_MASK = 0x01FF_FFFF;
    private static final boolean NATIVE_LE = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;

    /** Records scanned: the start ({@link #scanUntil} may stop before the end it was given). */
    final long records;
    /** Records before the start whose bits 31..25 (special bit and channel) are the sync's. */
    final long syncs;
    /** Overflow periods before the start: the time base is this times the wrap. */
    final long periods;
    /** The time base at the start, in ticks. */
    final long timeBase;

    private T2PrefixScan(final long records, final long syncs, final long periods, final long timeBase) {
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
        if (step < 1) {
            throw new IllegalArgumentException("step " + step);
        }
        if (syncTop < 0 || syncTop > 127) {
            throw new IllegalArgumentException("not a record's top seven bits: " + syncTop);
        }
        long syncs = 0;
        long periods = 0;
        long done = 0;
        boolean stopped = false;
        try (RecordWindows windows = RecordWindows.of(channel, dataOffset, 4, WINDOW_BYTES)) {
            while (done < records && !stopped) {
                final long n = windows.map(done, records - done);
                final long address = windows.address();
                long i = 0;
                while (i < n) {
                    if (stop.test(done + i)) {
                        stopped = true;
                        break;
                    }
                    final int k = (int) Math.min(step, n - i);
                    final long[] counts = scanRange(address + 4 * i, k, syncTop, v1);
                    syncs += counts[0];
                    periods += counts[1];
                    i += k;
                }
                done += i;
            }
        }
        return new T2PrefixScan(done, syncs, periods, v1 ? periods * HydraT2State.V1_WRAP : periods << 25);
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
