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
 * <p>The split: from record M (past the middle, chosen by the second core while it scans so that
 * both cores end together, see {@link #startHere}), the (K + 2)-th sync record P (within 2^16 records; the sync's own records, on whichever channel it is). The
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
    /** What the second core hands back. */
    record Result(long[] state, long trialsAtSplit, long[] countsAtSplit, long[] countsAtEnd, FrameSum sum, FrameLog frames) {
    }

    /**
     * The second core's phases, for {@link Analysis#splitProfile}: thread start, device open, scan
     * of the first part (with the fork's chunk), the split's sync found, warm-up, count.
     */
    static final String[] PHASES = {"start", "open", "scan", "find", "warm-up", "count"};
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

    /** {@link #split()} before the second core has chosen its split. */
    static final long UNKNOWN = -1;
    /** {@link #split()} when there is none: the first core goes on alone. */
    static final long NONE = -2;
    private final long total;
    /**
     * Records the first core stays before any split the second core may still choose: a quarter of
     * the file's 1/16 or 64 Ki, whichever is less (far more than one fused call of the first core
     * between its look at {@link #split()} and its next). The first core counts freely up to
     * N/2 − lead (every split is at N/2 or later), then waits for the choice.
     */
    private final long lead;
    /** Records between two looks of the scan at the first core's progress: 64 Ki, or 1/256 of a small file. */
    private final int step;
    private final java.util.concurrent.CountDownLatch chosen = new java.util.concurrent.CountDownLatch(1);
    private final Thread thread;
    /** Records the first core has counted, published by it after each call ({@link #progress}). */
    private volatile long firstAt;
    /** The split record P once chosen, or {@link #UNKNOWN} / {@link #NONE}. */
    private volatile long split = UNKNOWN;
    private Result result;
    private Throwable failure;

    private ParallelRun(final PtuT2Reader reader, final long total, final int maxDn, final int syncChannel,
                        final long frameTrials, final Opener opener) {
        this.total = total;
        this.lead = Math.min(1 << 16, Math.max(1, total / 16));
        this.step = (int) Math.min(1 << 16, Math.max(64, total / 256));
        this.thread = new Thread(() -> {
            try {
                result = run(reader, maxDn, syncChannel, frameTrials, opener, this);
            } catch (final Throwable t) {
                failure = t;
            } finally {
                if (split == UNKNOWN) {
                    split = NONE;
                }
                chosen.countDown();
            }
        }, "pairgate-core-2");
        thread.setDaemon(true);
    }

    /**
     * Starts the second core. {@code syncChannel} as the reader yields channels; {@code
     * frameTrials} F. The split is chosen by the second core while it scans ({@link #split()}).
     */
    static ParallelRun start(final PtuT2Reader reader, final int maxDn, final int syncChannel, final long frameTrials,
                             final Opener opener) throws IOException {
        final ParallelRun run = new ParallelRun(reader, reader.fileRecords(), maxDn, syncChannel, frameTrials, opener);
        run.thread.start();
        return run;
    }

    /** The first core has counted {@code records} records (from the file's start). */
    void progress(final long records) {
        firstAt = records;
    }

    /** The split record P (the first core's last), {@link #UNKNOWN} before it is chosen, or {@link #NONE}. */
    long split() {
        return split;
    }

    /**
     * Records the first core may count from {@code at} without looking again: to the split when it
     * is chosen (0 there; 0 also when {@code at} is past it, which fails the split), else to
     * N/2 − lead, waiting for the choice (not spinning) when it is there. -1: no split.
     */
    long room(final long at) {
        long p = split;
        if (p == UNKNOWN && at >= total / 2 - lead) {
            try {
                chosen.await();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            p = split;
        }
        if (p == NONE) {
            return -1;
        }
        return p == UNKNOWN ? total / 2 - lead - at : Math.max(0, p + 1 - at);
    }

    /**
     * Where the second core starts (M): the first 64 Ki-record step m of its scan at which its
     * remaining records, N − m, are no more than the first core's, m − X (X the first core's
     * progress, {@link #progress}): 2m ≥ N + X. Since both cores count at the same rate and the scan
     * runs at its own, this is where they finish together, whatever the kernel, the cadence or
     * the load: the share (c − s) / (2c − s) follows from the rates as they are, with no measured
     * constant (issue 15: the native kernel's first bench ran at the Java kernel's measured 0.456
     * and the second core finished 16 ms of CPU after the first). m ≥ N/2 always, and the first
     * core waits at N/2 − lead until the choice ({@link #room}), so it is always before the split.
     */
    private boolean startHere(final long m) {
        return 2 * m >= total + firstAt;
    }

    /**
     * The split's profile ({@link Analysis#splitProfile}) after {@link #join}: the first core's
     * figures as given (ns; wall0 the split's start), the second core's phases as marked.
     */
    String profile(final long records, final long wall0, final long firstWall, final long firstCpu, final long joinWait,
                   final long merge) {
        final StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT,
            "split at record %d of %d; first core: to the split %.1f ms (thread CPU %.1f), waits %.1f, join %.1f; second core:",
            split, records, firstWall / 1e6, firstCpu / 1e6, joinWait / 1e6, merge / 1e6));
        for (int i = 0; i < PHASES.length; i++) {
            b.append(String.format(java.util.Locale.ROOT, " %s to %.1f ms (CPU %.1f)", PHASES[i], (wallAt[i] - wall0) / 1e6,
                (cpuAt[i] - (i == 0 ? cpuAt[0] : cpuAt[i - 1])) / 1e6));
        }
        return b.toString();
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
    private static PtuT2Reader forkMarked(final ParallelRun t, final PtuT2Reader parent, final int syncChannel)
        throws IOException {
        t.mark(1);
        return parent.fork(Math.max(0, t.total - t.lead), syncChannel, t.step, t::startHere);
    }

    private static Result run(final PtuT2Reader parent, final int maxDn, final int syncChannel, final long frameTrials,
                              final Opener opener, final ParallelRun t) throws IOException {
        t.mark(0);
        try (Device device = opener.open(); PtuT2Reader reader = forkMarked(t, parent, syncChannel)) {
            t.mark(2);
            final long start = reader.recordsRead();
            // P: in the fork's first chunk (read into the scan's buffer), else by a search of the file
            long split = start >= t.total - t.lead ? -1 : reader.syncRecordAhead(maxDn + 2, syncChannel);
            if (split < 0 && start < t.total - t.lead) {
                split = parent.findSyncRecord(start, maxDn + 2, 1 << 16, syncChannel);
            }
            t.mark(3);
            if (split < 0 || !(device instanceof FastSoftDevice)) {
                t.split = NONE;
                t.chosen.countDown();
                return null;
            }
            t.split = split;
            t.chosen.countDown();
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
            t.mark(4);
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
            t.mark(5);
            if (!log.aligned(firstFrame, frameTrials)) {
                return null;
            }
            return new Result(state, trialsAtSplit, atSplit, reader.counts(), total, log);
        }
    }
}
