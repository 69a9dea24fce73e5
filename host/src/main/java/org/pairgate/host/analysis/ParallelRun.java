package org.pairgate.host.analysis;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import org.pairgate.device.Device;
import org.pairgate.device.FastSoftDevice;
import org.pairgate.device.FrameSum;
import org.pairgate.device.PgMap;
import org.pairgate.host.io.PtuT2Reader;

/**
 * The second core of a fused analysis (issue 15): a file split at a sync, with the ΔN history
 * carried across the split by replaying the trials before it, and the frames cut where one core
 * cuts them.
 *
 * <p>The split: from record M (past the middle, see {@link #secondShare}), the (K + 2)-th
 * sync record P (within 2^16 records; the sync's own records, on whichever channel it is). The
 * second core decodes and gates [M, P] as a warm-up on its own {@link FastSoftDevice} (a reader
 * {@link PtuT2Reader#fork forked} at M, whose time base comes from the overflow records before M,
 * read in place): at P it has closed K + 1 trials, so it holds the last K
 * patterns, the open trial and LAST_TIME as the first core will hold them at P, unless a tag
 * before M was later than every tag of the warm-up or a sync of it was out of order. It records
 * its {@link FastSoftDevice#trialState()} there, closes and drops the warm-up frame, and counts
 * [P + 1, end) into its own {@link FrameSum}. The first core counts [0, P].
 *
 * <p>Frames (a frame every FRAME_TRIALS = F trials, analyze's default): one core closes a frame
 * whenever its trial count reaches a multiple of F. The second core numbers the first core's
 * trials at P as G = S + T, S the sync records before M (counted by the fork's scan, no second
 * pass) and T its own trials at P (every sync before M opens a trial, the first of the warm-up
 * closes the one open at M). It closes its first frame after F − (G mod F) trials (FRAME_TRIALS
 * lowered for that frame, with pushes short enough not to pass it) and every later one after F,
 * so its frames end where one core's end; {@link FrameLog} keeps what the singles blocks need of
 * each. The first core's frame around P is closed by the host at P and joined with the second
 * core's first one ({@link FrameSum#addContinuation}, {@link FrameLog#addTo}).
 *
 * <p>The join takes the second core's part only when the first core's state at P equals the
 * second's, its trial count at P is G, and the second core's frames have the lengths above (none
 * merged): then every later tag was counted as the first core would have counted it, DN_PAIRS
 * included (both are past trial K), in the same frames. Otherwise the first core goes on alone.
 * So the result is one core's either way; {@code ParallelAnalysisTest} checks it, frames included.
 */
final class ParallelRun {
    /**
     * Thread CPU per record of one core's analysis at analyze's cadence (c) with the Java kernel:
     * 11.9 ns on the bench's 24M file (median of 5, {@code ShareProbe}, 2026-12-07 05:20 UTC, load
     * 15; 14.4 ns at 01:50 before the two-pass kernel).
     */
    static final double COUNT_NS_JAVA = 11.9;
    /** Thread CPU per record of the fork's scan of the first part (s), in the rounds of {@link #COUNT_NS_JAVA}: 1.9 ns. */
    static final double SCAN_NS_JAVA = 1.9;
    /**
     * c with the native (C) kernel: 5.77 ns (median of 5, {@code ./pairgate bench --share},
     * 2026-12-07 14:41 UTC, load 6; 5.27 at 14:36, load 5). Only the ratio to s in the same rounds
     * sets the share; the figures themselves rise with the load.
     */
    static final double COUNT_NS_NATIVE = 5.77;
    /** s in the rounds of {@link #COUNT_NS_NATIVE}: 2.48 ns (2.05 at 14:36). */
    static final double SCAN_NS_NATIVE = 2.48;

    /**
     * The second core's share of the records, from its start to the end: under half, because
     * before its part it scans the first part's records once (the fork's time base and sync
     * count, s per record) besides counting its own (c per record). Equal work is a share of
     * (c − s) / (2c − s): 0.363 for the native kernel (whose c is only 2.3 s; 0.379 by the
     * figures of 14:36), 0.456 for the Java one. The native kernel's first bench ran with the Java
     * kernel's 0.456: the second core then had 86 ms of thread CPU (scan 26, count 60) to the
     * first's 70 ms, and the first waited for it (issue 15, docs/benchmarks.md "Two cores"). Measure
     * c and s again with {@code ./pairgate bench --share} when a kernel changes.
     */
    static double secondShare(final boolean nativeKernel) {
        final double c = nativeKernel ? COUNT_NS_NATIVE : COUNT_NS_JAVA;
        final double s = nativeKernel ? SCAN_NS_NATIVE : SCAN_NS_JAVA;
        return (c - s) / (2 * c - s);
    }

    /** What the second core hands back. */
    record Result(long[] state, long trialsAtSplit, long[] countsAtSplit, long[] countsAtEnd, FrameSum sum, FrameLog frames) {
    }

    /** The second core's phases, for {@link Analysis#splitProfile}: thread start, device open, scan of the first part, warm-up, count. */
    static final String[] PHASES = {"start", "open", "scan", "warm-up", "count"};
    /** System.nanoTime at the end of each of {@link #PHASES}. */
    final long[] wallAt = new long[PHASES.length];
    /** The second thread's CPU time at the end of each of {@link #PHASES} (-1 where the JVM does not measure it). */
    final long[] cpuAt = new long[PHASES.length];

    private void mark(final int phase) {
        wallAt[phase] = System.nanoTime();
        cpuAt[phase] = threadCpu();
    }

    /** Opens the second core's device, configured and reset. */
    interface Opener {
        Device open() throws IOException;
    }

    private final long splitRecord;
    private final Thread thread;
    private Result result;
    private Throwable failure;

    private ParallelRun(final PtuT2Reader reader, final long start, final long split, final int syncChannel,
                        final long frameTrials, final Opener opener) {
        this.splitRecord = split;
        this.thread = new Thread(() -> {
            try {
                result = run(reader, start, split, syncChannel, frameTrials, opener, this);
            } catch (final Throwable t) {
                failure = t;
            }
        }, "pairgate-core-2");
        thread.setDaemon(true);
    }

    /**
     * Starts the second core, or returns null when the file has no split point (too few syncs
     * after its start). {@code syncChannel} as the reader yields channels; {@code frameTrials} F;
     * {@code share} the second core's share of the records ({@link #secondShare}).
     */
    static ParallelRun start(final PtuT2Reader reader, final int maxDn, final int syncChannel, final long frameTrials,
                             final double share, final Opener opener) throws IOException {
        final long total = reader.fileRecords();
        final long start = total - (long) (total * share);
        final long split = reader.findSyncRecord(start, maxDn + 2, 1 << 16, syncChannel);
        if (split < 0) {
            return null;
        }
        final ParallelRun run = new ParallelRun(reader, start, split, syncChannel, frameTrials, opener);
        run.thread.start();
        return run;
    }

    /**
     * The split's profile ({@link Analysis#splitProfile}) after {@link #join}: the first core's
     * figures as given (ns; wall0 the split's start), the second core's phases as marked.
     */
    String profile(final long records, final long wall0, final long firstWall, final long firstCpu, final long joinWait,
                   final long merge) {
        final StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT,
            "split at record %d of %d; first core: to the split %.1f ms (thread CPU %.1f), waits %.1f, join %.1f; second core:",
            splitRecord, records, firstWall / 1e6, firstCpu / 1e6, joinWait / 1e6, merge / 1e6));
        for (int i = 0; i < PHASES.length; i++) {
            b.append(String.format(java.util.Locale.ROOT, " %s to %.1f ms (CPU %.1f)", PHASES[i], (wallAt[i] - wall0) / 1e6,
                (cpuAt[i] - (i == 0 ? cpuAt[0] : cpuAt[i - 1])) / 1e6));
        }
        return b.toString();
    }

    long splitRecord() {
        return splitRecord;
    }

    /** Waits for the second core; null when it failed (the first core then goes on alone and meets any problem itself). */
    Result join() {
        try {
            thread.join();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        return failure == null ? result : null;
    }

    /** This thread's CPU time in ns, or -1 when the JVM does not measure it. */
    static long threadCpu() {
        final ThreadMXBean t = ManagementFactory.getThreadMXBean();
        return t.isCurrentThreadCpuTimeSupported() ? t.getCurrentThreadCpuTime() : -1;
    }

    /** Marks the end of the device's open, then forks (the fork's scan is the next phase). */
    private static PtuT2Reader forkMarked(final ParallelRun t, final PtuT2Reader parent, final long start, final int syncChannel)
        throws IOException {
        t.mark(1);
        return parent.fork(start, syncChannel);
    }

    private static Result run(final PtuT2Reader parent, final long start, final long split, final int syncChannel,
                              final long frameTrials, final Opener opener, final ParallelRun t) throws IOException {
        t.mark(0);
        try (Device device = opener.open(); PtuT2Reader reader = forkMarked(t, parent, start, syncChannel)) {
            t.mark(2);
            if (!(device instanceof FastSoftDevice)) {
                return null;
            }
            final FastSoftDevice core = (FastSoftDevice) device;
            final PgMap.FrameLayout layout = device.layout();
            final long[] frame = new long[layout.frameWords];
            final FrameSum warm = new FrameSum(layout);
            final int perCall = Analysis.fusedPerCall(frameTrials);
            long left = split + 1 - start;
            while (left > 0) {
                final int n = reader.readFused(core, (int) Math.min(perCall, left));
                if (n < 0) {
                    return null;
                }
                left -= n;
                Analysis.drain(device, warm, null, frame, layout);
            }
            t.mark(3);
            final long[] state = core.trialState();
            final long[] atSplit = reader.counts();
            final long trialsHere = device.readRegister(PgMap.REG_TRIALS);
            final long trialsAtSplit = reader.syncsBeforeFork() + trialsHere;
            final FrameSum w = Analysis.finish(device, warm, null, frame, layout, null);
            final FrameSum sum = FrameSum.startingAt(layout, w.frames(), w.trials());
            final FrameLog log = new FrameLog(layout);
            final long firstFrame = frameTrials == 0 ? 0 : frameTrials - Long.remainderUnsigned(trialsAtSplit, frameTrials);
            boolean more = true;
            if (frameTrials != 0) {
                // the first frame after firstFrame trials: no push may close more than the trials left to it
                // (a record closes at most SYNC_QUEUE_DEPTH + 1 trials: its own sync and the queued ones it releases)
                device.writeRegister(PgMap.REG_FRAME_TRIALS, firstFrame);
                final long frameDue = trialsHere + firstFrame;
                while (device.framesPending() == 0 && more) {
                    final long closes = frameDue - device.readRegister(PgMap.REG_TRIALS);
                    final int n = (int) Math.max(1, Math.min(perCall, closes / (PgMap.SYNC_QUEUE_DEPTH + 1)));
                    more = reader.readFused(core, n) >= 0;
                }
                device.writeRegister(PgMap.REG_FRAME_TRIALS, frameTrials);
                Analysis.drain(device, sum, log, frame, layout);
            }
            while (more && reader.readFused(core, perCall) >= 0) {
                Analysis.drain(device, sum, log, frame, layout);
            }
            final FrameSum total = Analysis.finish(device, sum, log, frame, layout, null);
            t.mark(4);
            if (!log.aligned(firstFrame, frameTrials)) {
                return null;
            }
            return new Result(state, trialsAtSplit, atSplit, reader.counts(), total, log);
        }
    }
}
