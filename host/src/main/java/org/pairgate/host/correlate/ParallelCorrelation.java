package org.pairgate.host.correlate;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

import org.pairgate.host.io.PtuT2Reader;

/**
 * {@code correlate} on two cores (issue 15): a HydraHarp-family T2 file split in two overlapping
 * parts whose histograms add up exactly to one {@link Correlator}'s.
 *
 * <p>Write C(X, Y) for the histogram of the pairs with both tags in records [X, Y) (what a fresh
 * correlator counts over them). The second core starts at record W (past the middle, see
 * {@link #secondShare}) and finds M, the first record on A or B whose time is more than R after
 * the first such record at or after W. Then no pair has one tag before W and the other at or after
 * M: tags on A and B come in time order (the correlator's own rule, checked in both parts), so such
 * a pair is more than R apart, outside the histogram's [−R, R). Hence
 * C(0, N) = C(0, M) + C(W, N) − C(W, M): the first core counts [0, M), the second [W, N) with a
 * copy of its counts taken at M, and the host adds and subtracts, bin by bin, in integers. The
 * tags per channel combine the same way; the span is from the first core's first tag (the second
 * core's when the first part has none) to the later of the two parts' latest times. The overlap
 * [W, M) is a few records: those within R of W.
 *
 * <p>The second core learns the file's time base at W by one pass over [0, W) in place (as
 * analyze's split, {@link PtuT2Reader#fork}); it finds M before counting, so the first core never
 * waits for it. When the second part fails (an order error or a damaged file in it) or there is no
 * M, the first core goes on alone from M and meets any problem itself: the result, or the error,
 * is one core's either way ({@code ParallelCorrelationTest}).
 */
public final class ParallelCorrelation {
    /** Files of fewer records run on one core (a second would not pay for its start), as analyze. */
    public static final long MIN_RECORDS = 1 << 22;
    /** Thread CPU per record of one core's correlate with the Java kernel (c): about 11 ns, against s about 1.7 (the first share, 0.46). */
    static final double COUNT_NS_JAVA = 11.0;
    /** s in the rounds of {@link #COUNT_NS_JAVA}. */
    static final double SCAN_NS_JAVA = 1.7;
    /**
     * c with the native kernel: 5.16 ns (median of 5, {@code ./pairgate bench --share}, 2026-12-07
     * 14:41 UTC, load 6; the bench's correlate row, channels 1 and 2, ±500 ns, 1 ns bins).
     */
    static final double COUNT_NS_NATIVE = 5.16;
    /** s in the rounds of {@link #COUNT_NS_NATIVE}: 2.48 ns (the fork's scan in Java, as analyze's split's). */
    static final double SCAN_NS_NATIVE = 2.48;
    /**
     * c with the native kernel where the scan is in C (the kernels of today): 2.63 ns (median of
     * 5, {@code ./pairgate bench --share}, 2026-12-07 18:34 UTC, load 5.5). {@link #COUNT_NS_NATIVE}
     * is kept for the Java scan's share (the bench's in-run before, {@code correlate-2cores-jscan}).
     */
    static final double COUNT_NS_NATIVE_NOW = 2.63;
    /**
     * s with the scan in C (soft-kernel pg_t2_scan.c, what the fork runs whenever the native
     * kernels do, {@link PtuT2Reader#nativeScan()}): the scan 0.3-0.5 ns a record of thread CPU
     * (0.3 quiet, 0.5 at load 6: the records' read copy and the loop), plus the fork's own fixed
     * costs spread over the half file it scans (its chunk buffer: ~2.6 ms of fresh pages here,
     * 0.2 ns a record of 12 M): 0.6 ({@code ./pairgate bench --share} and an in-process probe,
     * 2026-12-07 18:20-18:35 UTC, load 5-7; issue 15).
     */
    static final double SCAN_NS_C = 0.6;

    /**
     * The second core's share of the records, from W to the end: under half, since it also scans
     * [0, W) (s a record against the pair logic's c): (c − s) / (2c − s). With the scan in Java
     * that was 0.46 for the Java kernel and 0.34 for the native one (whose c was only about twice
     * s); with the scan in C, which runs whenever the native kernel does, it is 0.44.
     */
    static double secondShare(final boolean nativeKernel, final boolean nativeScan) {
        final double c = nativeKernel ? nativeScan ? COUNT_NS_NATIVE_NOW : COUNT_NS_NATIVE : COUNT_NS_JAVA;
        final double s = nativeScan ? SCAN_NS_C : nativeKernel ? SCAN_NS_NATIVE : SCAN_NS_JAVA;
        return (c - s) / (2 * c - s);
    }

    private final int channelA;
    private final int channelB;
    private final long range;
    private final long bin;
    private int coresUsed;
    /** W of the last {@link #correlate} that started a second core, else -1 (tests: the share taken). */
    private long secondStart = -1;

    /** As {@link Correlator#Correlator}. */
    public ParallelCorrelation(final int channelA, final int channelB, final long rangeTicks, final long binTicks) {
        Correlator.checkArguments(rangeTicks, binTicks);   // now, without a Correlator's (native) state
        this.channelA = channelA;
        this.channelB = channelB;
        this.range = rangeTicks;
        this.bin = binTicks;
    }

    /** W, the second core's first record, of the last {@link #correlate} that started one; -1 before. */
    long secondStart() {
        return secondStart;
    }

    /** Cores the last {@link #correlate} counted on: 2 when the second core's part was taken. */
    public int coresUsed() {
        return coresUsed;
    }

    /**
     * The correlation of every record of {@code reader}'s file, which must not have been read yet
     * and must be {@link PtuT2Reader#fusable()}: on two cores when it holds at least
     * {@code minRecords} records, else on one. The reader's counts end as after one core's read.
     */
    public Correlation correlate(final PtuT2Reader reader, final long minRecords) throws IOException {
        coresUsed = 1;
        final Correlator one = new Correlator(channelA, channelB, range, bin);
        final long total = reader.fileRecords();
        if (reader.recordsRead() != 0 || total < Math.max(2, minRecords)) {
            one.acceptAll(reader);
            return one.result(reader.resolutionPs());
        }
        final long w = total - (long) (total * secondShare(one.kernel().equals("native"), PtuT2Reader.nativeScan()));
        secondStart = w;
        final Second second = new Second(reader, w);
        second.thread.start();
        one.acceptRecords(reader, w);
        final long m = second.awaitSplit();
        if (m >= 0 && one.acceptRecords(reader, m - w) == m - w && second.join()) {
            reader.absorb(second.readerAtSplit, second.readerAtEnd);
            coresUsed = 2;
            return combine(one, second.two, second.atSplit, reader.resolutionPs());
        }
        one.acceptAll(reader);   // no split point, or the second part failed: this core goes on alone
        return one.result(reader.resolutionPs());
    }

    /** C(0, M) + C(W, N) − C(W, M), with the span of the whole. */
    private Correlation combine(final Correlator one, final Correlator two, final Correlation atSplit,
                                final double resolutionPs) {
        final Correlation a = one.result(resolutionPs);
        final Correlation b = two.result(resolutionPs);
        final long[] counts = new long[a.counts().length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = a.counts()[i] + b.counts()[i] - atSplit.counts()[i];
        }
        final long first = one.tags() > 0 ? one.firstTime() : two.firstTime();
        final long last = Math.max(one.lastTime(), two.lastTime());
        final long span = one.tags() + two.tags() == 0 ? 0 : last - first;
        return new Correlation(channelA, channelB, range, bin, resolutionPs, counts,
            a.tagsA() + b.tagsA() - atSplit.tagsA(), a.tagsB() + b.tagsB() - atSplit.tagsB(), span);
    }

    /** The second core: [W, N) with the counts at M kept. */
    private final class Second {
        final Thread thread;
        private final CountDownLatch splitKnown = new CountDownLatch(1);
        private volatile long split = -1;
        private boolean done;
        Correlator two;
        Correlation atSplit;
        long[] readerAtSplit;
        long[] readerAtEnd;

        Second(final PtuT2Reader reader, final long w) {
            thread = new Thread(() -> run(reader, w), "pairgate-core-2");
            thread.setDaemon(true);
        }

        private void run(final PtuT2Reader reader, final long w) {
            try (PtuT2Reader fork = reader.fork(w, channelA)) {
                final long m = fork.recordPast(channelA, channelB, range);
                split = m;
                splitKnown.countDown();
                if (m < 0) {
                    return;
                }
                final Correlator c = new Correlator(channelA, channelB, range, bin);
                if (c.acceptRecords(fork, m - w) != m - w) {
                    return;
                }
                atSplit = c.result(fork.resolutionPs());
                readerAtSplit = fork.counts();
                c.acceptAll(fork);
                readerAtEnd = fork.counts();
                two = c;
                done = true;
            } catch (final IOException | RuntimeException e) {
                // the first core goes on alone and meets the problem itself
            } finally {
                splitKnown.countDown();
            }
        }

        /** M, or -1 when there is none or the second core failed before finding it. */
        long awaitSplit() {
            try {
                splitKnown.await();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            return split;
        }

        /** Whether the second part is complete. */
        boolean join() {
            try {
                thread.join();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return done;
        }
    }
}
