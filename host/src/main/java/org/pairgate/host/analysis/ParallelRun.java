package org.pairgate.host.analysis;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

import org.pairgate.device.Device;
import org.pairgate.device.FastSoftDevice;
import org.pairgate.device.FrameSum;
import org.pairgate.device.PgMap;
import org.pairgate.host.io.PtuT2Reader;
import org.pairgate.host.stats.SinglesBlocks;

/**
 * The second core of a fused analysis (issue 15): a file cut at syncs into parts, each counted on
 * a device of its own after a warm-up that carries the ΔN history across its start, with the
 * frames cut where one core cuts them; and the parts balanced after the first cut, since the two
 * vCPUs of this project's VMs count at unequal and changing speeds (docs/benchmarks.md, par20).
 *
 * <p>The first cut: from record M (past the middle, chosen by the second core while it scans so
 * that both cores end together at the rates they have then, see {@link #startHere}), the (K +
 * 2)-th sync record P (within 2^16 records; the sync's own records, on whichever channel it is).
 * The second core decodes and gates [M, P] as a warm-up on its own {@link FastSoftDevice} (a
 * reader {@link PtuT2Reader#fork forked} at M, whose time base comes from the overflow records
 * before M, read in place): at P it has closed K + 1 trials, so it holds the last K patterns, the
 * open trial and LAST_TIME as the first core will hold them at P, unless a tag before M was later
 * than every tag of the warm-up or a sync of it was out of order. It records its {@link
 * FastSoftDevice#trialState()} there, closes and drops the warm-up frame, and counts [P + 1, end)
 * into its own {@link FrameSum}. The first core counts [0, P].
 *
 * <p>Balance ({@link #steal}): a core that reaches the end of its part takes the tail of the part
 * the other core is counting. That core publishes after each fused call where it is, the time base
 * there and the sync records before it ({@link Worker}); the thief forks from there ({@link
 * PtuT2Reader#forkAfter}: only the records between that point and its own M' are scanned), finds
 * its P' as above, warms up [M', P'] on its own device (the one it counted its last part on, reset)
 * and then, under the run's lock, ends the other's part at P' if that core has not claimed a record
 * past P' yet (a core claims each call's records under the lock before it reads them). The share
 * it takes follows from both cores' measured wall time per record and the scan's, so that both
 * end together as the rates are now; a share under {@link #minSteal} is left. Parts can be taken
 * from again, either way.
 *
 * <p>Frames (a frame every FRAME_TRIALS = F trials, analyze's default): one core closes a frame
 * whenever its trial count reaches a multiple of F. A part numbers the trials before its P as G =
 * S + T, S the sync records before its M (counted by the fork's scan, no second pass) and T its
 * own trials at P (every sync before M opens a trial, the first of the warm-up closes the one open
 * at M). It closes its first frame after F − (G mod F) trials (FRAME_TRIALS lowered for that frame,
 * with pushes short enough not to pass it) and every later one after F, so its frames end where
 * one core's end; {@link FrameLog} keeps what the singles blocks need of each. The frame around a
 * part's end is closed by the host there and joined with the next part's first one ({@link
 * FrameSum#addContinuation}, {@link FrameLog#addTo}).
 *
 * <p>The join takes the parts only when each one's state and trial count at its end equal the
 * warm-up's of the part after it, the parts are contiguous up to the file's end and their frames
 * have the lengths above (none merged): then every tag was counted as one core would have counted
 * it, DN_PAIRS included, in the same frames. The first core checks its own end at once ({@link
 * #handOver}) and goes on alone when it fails; a later boundary that fails is found at the join and
 * the caller counts the file again on one core. So the result is one core's either way; {@code
 * ParallelAnalysisTest} checks it, frames included.
 */
final class ParallelRun {
    /**
     * A part past the first core's first: [start, end) counted on a device after a warm-up over
     * [M, start). Filled by the core that counts it; read by the first core after {@link #ready}
     * (the warm-up's fields) or after the join (the rest).
     */
    static final class Part {
        final long start;
        final CountDownLatch ready = new CountDownLatch(1);
        /** Sync records before the warm-up's start M. */
        long syncsBefore;
        /** The device's TRIALS after the warm-up. */
        long trialsHere;
        /** After the warm-up: the trial state, G, the reader's counts. Null state: the warm-up failed. */
        long[] state;
        long trialsAtStart;
        long[] countsAtStart;
        long firstFrame;
        FrameSum sum;
        FrameLog log;
        /** Where the count stopped, the part's end as last set, whether the file ended there. */
        long end;
        long endExcl;
        boolean eof;
        long[] endState;
        long endTrials;
        long[] countsAtEnd;
        FrameSum total;
        /** Which core counted it (1 or 2). */
        final int core;

        Part(final long start, final int core) {
            this.start = start;
            this.core = core;
        }

        /** Whether the count reached the part's end (its last end, or the file's). */
        boolean complete() {
            return total != null && (end == endExcl || endExcl == Long.MAX_VALUE && eof);
        }
    }

    /** A core's current part as the other core sees it, to take its tail: every field guarded by the run's lock. */
    private static final class Worker {
        /** The current part's end (exclusive); Long.MAX_VALUE: the file's end. */
        long endExcl = Long.MAX_VALUE;
        /** Records the core may have read to (exclusive): a thief's P' must not be before it. */
        long claimed;
        /** Whether the core counts a part that may be taken from now. */
        boolean counting;
        /** No more counting: its steals ended. */
        boolean done;
        /** Checkpoint: the position, the time base there, the sync records before it, System.nanoTime then. */
        long at;
        long timeBase;
        long syncs;
        long wall;
        /** Where and when the current part's count started (its rate). */
        long startAt;
        long startWall;
    }

    /**
     * Tests: where each steal starts its warm-up (M'), instead of the cores' rates: given the
     * victim's position and its part's end, and the steals so far; -1 for no more. Under a plan
     * only one core steals ({@link #planFirstSteals}) and the other is held until its steals end,
     * so the parts fall where the test says.
     */
    interface StealPlan {
        long warmUpStart(long victimAt, long victimEnd, int stealsSoFar);
    }

    static volatile StealPlan plan;
    /** Tests: the smallest tail a core takes by the rates, when positive (else {@link #minSteal}'s rule). */
    static volatile long minStealForTests;
    static volatile boolean planFirstSteals = true;
    /**
     * Whether the cores take tails after the first cut: off with {@code -Dpairgate.split.steal=false}
     * (the first cut alone, the split before this balance: {@code ./pairgate bench --pair}'s in-run
     * before), read when a run starts.
     */
    private final boolean stealOn = !"false".equals(System.getProperty("pairgate.split.steal"));

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
    /** The smallest tail a core takes: 1/128 of the file or 128 Ki records (~0.5 ms), whichever is more. */
    private final long minSteal;
    private final int maxDn;
    private final int syncChannel;
    private final long frameTrials;
    private final int perCall;
    private final CountDownLatch chosen = new CountDownLatch(1);
    /** Under a {@link #plan}: the held core waits for this. */
    private final CountDownLatch held = new CountDownLatch(1);
    private final Thread thread;
    private final Object lock = new Object();
    private final Worker first = new Worker();
    private final Worker second = new Worker();
    /** Every part past the first core's first, as committed (guarded by lock). */
    private final List<Part> parts = new ArrayList<>();
    /** Set when the first core goes on alone: every other part is dropped. */
    private volatile boolean stop;
    /** The split record P once chosen, or {@link #UNKNOWN} / {@link #NONE}. */
    private volatile long split = UNKNOWN;
    /** Wall ns a record of the second core's scan (the thief's cost of the records before its M'). */
    private volatile double scanNs = 0.5;
    /** What each steal took, for the profile (guarded by lock). */
    private final StringBuilder steals = new StringBuilder();
    private Throwable failure;
    /** System.nanoTime when the second core ended all its work. */
    private volatile long secondEnd;

    private ParallelRun(final PtuT2Reader reader, final long total, final int maxDn, final int syncChannel,
                        final long frameTrials, final Opener opener) {
        this.total = total;
        this.lead = Math.min(1 << 16, Math.max(1, total / 16));
        this.step = (int) Math.min(1 << 16, Math.max(64, total / 256));
        this.minSteal = minStealForTests > 0 ? minStealForTests : Math.max(1 << 17, total / 128);
        this.maxDn = maxDn;
        this.syncChannel = syncChannel;
        this.frameTrials = frameTrials;
        this.perCall = Analysis.fusedPerCall(frameTrials);
        this.first.startWall = System.nanoTime();
        this.first.wall = this.first.startWall;
        this.thread = new Thread(() -> {
            try {
                run(reader, opener);
            } catch (final Throwable t) {
                failure = t;
            } finally {
                secondEnd = System.nanoTime();
                synchronized (lock) {
                    second.counting = false;
                    second.done = true;
                }
                if (split == UNKNOWN) {
                    split = NONE;
                }
                chosen.countDown();
                if (plan != null && !planFirstSteals) {
                    held.countDown();
                }
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

    /**
     * The first core has counted {@code records} records (from the file's start), with the time
     * base there and the sync records before: its checkpoint, where the second core may take its tail.
     */
    void progress(final long records, final long timeBase, final long syncs) {
        synchronized (lock) {
            first.at = records;
            first.timeBase = timeBase;
            first.syncs = syncs;
            first.wall = System.nanoTime();
        }
    }

    /** The split record P (the end of the first core's first cut), {@link #UNKNOWN} before it is chosen, or {@link #NONE}. */
    long split() {
        return split;
    }

    /**
     * Records the first core reads next from {@code at}, at most {@code want}: claimed to its
     * part's end when the split is chosen (0 there: its part is done), else to N/2 − lead, waiting
     * for the choice (not spinning) when it is there. -1: no split.
     */
    int room(final long at, final int want) {
        if (plan != null && !planFirstSteals && at == 0) {
            await(held);   // tests: the second core takes from the first's part while it waits
        }
        long p = split;
        if (p == UNKNOWN && at >= total / 2 - lead) {
            final long t0 = System.nanoTime();
            if (!await(chosen)) {
                return -1;
            }
            synchronized (lock) {
                first.startWall += System.nanoTime() - t0;   // the wait is not the first core's rate
            }
            p = split;
        }
        if (p == NONE) {
            return -1;
        }
        if (p == UNKNOWN) {
            return (int) Math.min(want, total / 2 - lead - at);
        }
        synchronized (lock) {
            final long k = Math.min(want, first.endExcl - at);
            if (k <= 0) {
                first.counting = false;
                return 0;
            }
            first.claimed = at + k;
            return (int) k;
        }
    }

    private static boolean await(final CountDownLatch latch) {
        try {
            latch.await();
            return true;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Where the second core starts (M): the first 64 Ki-record step m of its scan at which its
     * remaining records, N − m, are no more than the first core's, m − X (X the first core's
     * progress, {@link #progress}): 2m ≥ N + X. At the rates both have while the scan runs, this is
     * where they finish together, whatever the kernel, the cadence or the load: the share (c − s) /
     * (2c − s) follows from the rates as they are, with no measured constant; when they change
     * later, {@link #steal} balances. m ≥ N/2 always, and the first core waits at N/2 − lead until
     * the choice ({@link #room}), so it is always before the split.
     */
    private boolean startHere(final long m) {
        final long x;
        synchronized (lock) {
            x = first.at;
        }
        return 2 * m >= total + x;
    }

    /** The first core goes on alone (its part ended before the split, or there is none): every other part is dropped. */
    void abandon() {
        stop = true;
    }

    /** After {@link #abandon}: waits for the second core, which stops at its next call (its forks read the caller's file). */
    void awaitEnd() {
        await(thread);
    }

    /**
     * The first core at the end of its first part ({@code at} records counted on {@code device}):
     * whether the part after it was warmed up into this state and trial count (then the first core
     * closes its part and takes tails, {@link #steal}); else every other part is dropped and the
     * first core goes on alone.
     */
    boolean handOver(final long at, final FastSoftDevice device) {
        Part next = null;
        synchronized (lock) {
            for (final Part p : parts) {
                if (p.start == at) {
                    next = p;
                }
            }
        }
        if (next != null && await(next.ready) && next.state != null
            && device.readRegister(PgMap.REG_TRIALS) == next.trialsAtStart
            && Arrays.equals(device.trialState(), next.state)) {
            return true;
        }
        stop = true;
        return false;
    }

    /**
     * The first core, its first part closed: takes tails of the second core's part while they are
     * worth it, on {@code device} (reset for each), reading through forks of {@code parent}.
     */
    void stealAsFirst(final FastSoftDevice device, final PtuT2Reader parent) throws IOException {
        try {
            if (stealOn && (plan == null || planFirstSteals)) {
                stealLoop(first, second, device, parent, 1);
            }
        } finally {
            synchronized (lock) {
                first.done = true;
            }
            if (plan != null && planFirstSteals) {
                held.countDown();
            }
        }
    }

    private void stealLoop(final Worker me, final Worker other, final FastSoftDevice device, final PtuT2Reader parent,
                           final int core) throws IOException {
        for (int k = 0; ; k++) {
            if (!steal(me, other, device, parent, core, k)) {
                return;
            }
        }
    }

    /**
     * One steal of {@code me} from {@code other}'s part: false when there is nothing worth taking
     * (or it could not be taken), true when a part was taken and counted.
     */
    private boolean steal(final Worker me, final Worker other, final FastSoftDevice device, final PtuT2Reader parent,
                          final int core, final int k) throws IOException {
        final long at;
        final long timeBase;
        final long syncs;
        final long end;
        final double mine;
        final double theirs;
        synchronized (lock) {
            if (stop || !other.counting || other.done) {
                return false;
            }
            at = other.at;
            timeBase = other.timeBase;
            syncs = other.syncs;
            end = other.endExcl;
            mine = me.at > me.startAt ? (double) (me.wall - me.startWall) / (me.at - me.startAt) : Double.NaN;
            theirs = other.at - other.startAt >= 1 << 15 ? (double) (other.wall - other.startWall) / (other.at - other.startAt)
                : Double.NaN;
        }
        final long endRec = end == Long.MAX_VALUE ? total : end;
        final StealPlan p = plan;
        final long m;
        if (p != null) {
            m = p.warmUpStart(at, endRec, k);
        } else {
            // both end together: the thief scans [at, m) at s and counts [m, end) at its c, the victim counts [at, m) at its c
            final double c1 = Double.isNaN(mine) ? theirs : mine;
            final double c2 = Double.isNaN(theirs) ? c1 : theirs;
            final double s = scanNs;
            final long left = endRec - at;
            if (Double.isNaN(c1) || c2 <= s || left <= 0) {
                return false;
            }
            final long share = (long) (left * (c2 - s) / (c1 + c2 - s));
            if (share < minSteal) {
                return false;
            }
            m = endRec - share;
        }
        if (m < at || m >= endRec) {
            return false;
        }
        final long t0 = System.nanoTime();
        device.reset();
        try (PtuT2Reader fork = parent.forkAfter(at, timeBase, syncs, m, syncChannel)) {
            long cut = fork.syncRecordAhead(maxDn + 2, syncChannel);
            if (cut < 0) {
                cut = parent.findSyncRecord(m, maxDn + 2, 1 << 16, syncChannel);
            }
            if (cut < 0 || cut >= endRec) {
                return false;
            }
            final Part part = new Part(cut + 1, core);
            final boolean warm = warmUp(part, device, fork, cut);
            part.ready.countDown();
            if (!warm) {
                return false;
            }
            synchronized (lock) {
                if (stop || !other.counting || other.done || other.endExcl != end || other.claimed > cut + 1) {
                    return false;
                }
                other.endExcl = cut + 1;
                parts.add(part);
                steals.append(String.format(Locale.ROOT, " core %d took [%d, %s) from record %d at %.1f ms (scan+warm-up %.1f ms);",
                    core, cut + 1, end == Long.MAX_VALUE ? "end" : Long.toString(end), at, (t0 - wallAt[0]) / 1e6,
                    (System.nanoTime() - t0) / 1e6));
                begin(me, part.start, end, fork);
            }
            count(part, me, device, fork);
            return true;
        }
    }

    /** A worker starts counting a part from {@code start} to {@code end} (guarded by lock). */
    private void begin(final Worker w, final long start, final long end, final PtuT2Reader reader) {
        w.endExcl = end;
        w.claimed = start;
        w.counting = true;
        w.at = start;
        w.timeBase = reader.timeBase();
        w.syncs = reader.syncsBeforeFork() + reader.tags(syncChannel);
        w.startAt = start;
        w.startWall = System.nanoTime();
        w.wall = w.startWall;
    }

    /**
     * Decodes and gates [reader's position, cut] on {@code device} (reset): the warm-up, whose frames
     * are dropped; fills the part's state at the cut and starts its sums. False when the file ended first.
     */
    private boolean warmUp(final Part p, final FastSoftDevice device, final PtuT2Reader reader, final long cut)
        throws IOException {
        final PgMap.FrameLayout layout = device.layout();
        final long[] frame = new long[layout.frameWords];
        final FrameSum warm = new FrameSum(layout);
        long left = cut + 1 - reader.recordsRead();
        while (left > 0) {
            final int n = reader.readFused(device, (int) Math.min(perCall, left));
            if (n < 0) {
                return false;
            }
            left -= n;
            Analysis.drain(device, warm, null, frame, layout);
        }
        p.trialsHere = device.readRegister(PgMap.REG_TRIALS);
        p.syncsBefore = reader.syncsBeforeFork();
        p.trialsAtStart = p.syncsBefore + p.trialsHere;
        p.countsAtStart = reader.counts();
        final long[] state = device.trialState();
        final FrameSum w = Analysis.finish(device, warm, null, frame, layout, null);
        p.sum = FrameSum.startingAt(layout, w.frames(), w.trials());
        p.log = new FrameLog(layout);
        p.firstFrame = frameTrials == 0 ? 0 : frameTrials - Long.remainderUnsigned(p.trialsAtStart, frameTrials);
        p.state = state;
        return true;
    }

    /**
     * Counts the part from its start while its core may ({@link Worker#endExcl}, claimed call by
     * call), publishing a checkpoint after each call; then its state at the end, and the host's
     * close of its last frame.
     */
    private void count(final Part p, final Worker w, final FastSoftDevice device, final PtuT2Reader reader)
        throws IOException {
        final PgMap.FrameLayout layout = device.layout();
        final long[] frame = new long[layout.frameWords];
        boolean firstOpen = frameTrials != 0;
        if (firstOpen) {
            // the first frame after firstFrame trials: no push may close more than the trials left to it
            // (a record closes at most SYNC_QUEUE_DEPTH + 1 trials: its own sync and the queued ones it releases)
            device.writeRegister(PgMap.REG_FRAME_TRIALS, p.firstFrame);
        }
        final long frameDue = p.trialsHere + p.firstFrame;
        long pos = p.start;
        boolean eof = false;
        while (true) {
            if (firstOpen && device.framesPending() > 0) {
                device.writeRegister(PgMap.REG_FRAME_TRIALS, frameTrials);
                firstOpen = false;
            }
            if (!firstOpen) {
                Analysis.drain(device, p.sum, p.log, frame, layout);
            }
            int want = perCall;
            if (firstOpen) {
                final long closes = frameDue - device.readRegister(PgMap.REG_TRIALS);
                want = (int) Math.max(1, Math.min(perCall, closes / (PgMap.SYNC_QUEUE_DEPTH + 1)));
            }
            final long n;
            synchronized (lock) {
                n = stop ? 0 : Math.min(want, w.endExcl - pos);
                if (n > 0) {
                    w.claimed = pos + n;
                } else {
                    w.counting = false;
                    p.endExcl = w.endExcl;
                }
            }
            if (n <= 0) {
                break;
            }
            final int done = reader.readFused(device, (int) n);
            if (done < 0) {
                eof = true;
                synchronized (lock) {
                    w.counting = false;
                    p.endExcl = w.endExcl;
                }
                break;
            }
            pos += done;
            final long timeBase = reader.timeBase();
            final long syncs = reader.syncsBeforeFork() + reader.tags(syncChannel);
            synchronized (lock) {
                w.at = pos;
                w.timeBase = timeBase;
                w.syncs = syncs;
                w.wall = System.nanoTime();
            }
        }
        if (firstOpen) {
            device.writeRegister(PgMap.REG_FRAME_TRIALS, frameTrials);
        }
        p.end = pos;
        p.eof = eof;
        p.endState = device.trialState();
        p.endTrials = p.syncsBefore + device.readRegister(PgMap.REG_TRIALS);
        p.total = Analysis.finish(device, p.sum, p.log, frame, layout, null);
        p.countsAtEnd = reader.counts();
    }

    /**
     * The split's profile ({@link Analysis#splitProfile}) after {@link #join}: the first core's
     * figures as given (ns; wall0 the split's start), the second core's phases as marked, the steals.
     */
    String profile(final long records, final long wall0, final long firstWall, final long firstCpu, final long firstEnd,
                   final long joinWait, final long merge) {
        final StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
            "split at record %d of %d; cores ended %.1f ms apart (the %s first); first core: to the split %.1f ms (thread CPU %.1f),"
                + " waits %.1f, join %.1f; second core:",
            split, records, Math.abs(firstEnd - secondEnd) / 1e6, firstEnd <= secondEnd ? "first" : "second", firstWall / 1e6,
            firstCpu / 1e6, joinWait / 1e6, merge / 1e6));
        for (int i = 0; i < PHASES.length; i++) {
            b.append(String.format(Locale.ROOT, " %s to %.1f ms (CPU %.1f)", PHASES[i], (wallAt[i] - wall0) / 1e6,
                (cpuAt[i] - (i == 0 ? cpuAt[0] : cpuAt[i - 1])) / 1e6));
        }
        synchronized (lock) {
            b.append(steals.length() == 0 ? "; no steal" : ";" + steals);
        }
        return b.toString();
    }

    /**
     * Waits for the second core, then the parts past the first core's first one ({@code firstEnd}
     * records) in file order when they make the rest of the file as one core would have counted it
     * (see the class comment); null when not (the caller counts the file again on one core).
     */
    List<Part> join(final long firstEnd) {
        if (!await(thread) || failure != null || stop) {
            return null;
        }
        final List<Part> sorted;
        synchronized (lock) {
            sorted = new ArrayList<>(parts);
        }
        sorted.sort(Comparator.<Part>comparingLong(p -> p.start).thenComparingLong(p -> p.end));   // an empty part first
        long at = firstEnd;
        Part before = null;
        for (final Part p : sorted) {
            if (p.start != at || !p.complete() || !p.log.aligned(p.firstFrame, frameTrials)) {
                return null;
            }
            if (before != null && (before.endTrials != p.trialsAtStart || !Arrays.equals(before.endState, p.state))) {
                return null;
            }
            before = p;
            at = p.end;
        }
        return before != null && before.eof ? sorted : null;
    }

    private static boolean await(final Thread t) {
        try {
            t.join();
            return true;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Adds the parts to the first core's: sums, frames (each part's last frame joined with the
     * next's first, the first core's with the first part's) and the reader's counts.
     */
    static FrameSum assemble(final FrameSum first, final FrameLog firstLog, final List<Part> parts,
                             final SinglesBlocks blocks, final PtuT2Reader reader) {
        final long[] carry = new long[1 + firstLog.bits()];
        firstLog.addTo(blocks, carry, false);
        for (int i = 0; i < parts.size(); i++) {
            final Part p = parts.get(i);
            first.addContinuation(p.total);
            p.log.addTo(blocks, carry, i == parts.size() - 1);
            reader.absorb(p.countsAtStart, p.countsAtEnd);
        }
        return first;
    }

    /** This thread's CPU time in ns, or -1 when the JVM does not measure it. */
    static long threadCpu() {
        final ThreadMXBean t = ManagementFactory.getThreadMXBean();
        return t.isCurrentThreadCpuTimeSupported() ? t.getCurrentThreadCpuTime() : -1;
    }

    /** Marks the end of the device's open, then forks (the fork's scan is the next phase). */
    private PtuT2Reader forkMarked(final PtuT2Reader parent) throws IOException {
        mark(1);
        return parent.fork(Math.max(0, total - lead), syncChannel, step, this::startHere);
    }

    /** The second core: the scan, the first cut, its part, then tails of the first core's. */
    private void run(final PtuT2Reader parent, final Opener opener) throws IOException {
        mark(0);
        try (Device device = opener.open(); PtuT2Reader reader = forkMarked(parent)) {
            mark(2);
            final long start = reader.recordsRead();
            if (start > 0) {
                scanNs = Math.max(0.05, (wallAt[2] - wallAt[1]) / (double) start);
            }
            // P: in the fork's first chunk (read into the scan's buffer), else by a search of the file
            long cut = start >= total - lead ? -1 : reader.syncRecordAhead(maxDn + 2, syncChannel);
            if (cut < 0 && start < total - lead) {
                cut = parent.findSyncRecord(start, maxDn + 2, 1 << 16, syncChannel);
            }
            mark(3);
            if (cut < 0 || !(device instanceof FastSoftDevice)) {
                split = NONE;
                chosen.countDown();
                return;
            }
            final FastSoftDevice core = (FastSoftDevice) device;
            final Part part = new Part(cut + 1, 2);
            synchronized (lock) {
                first.endExcl = cut + 1;
                first.counting = true;
                parts.add(part);
            }
            split = cut;
            chosen.countDown();
            boolean warm = false;
            try {
                warm = warmUp(part, core, reader, cut);
                if (warm) {
                    synchronized (lock) {
                        begin(second, part.start, Long.MAX_VALUE, reader);   // before the first core's look at the part
                    }
                }
            } finally {
                part.ready.countDown();
            }
            mark(4);
            if (!warm) {
                stop = true;
                return;
            }
            if (plan != null && planFirstSteals) {
                await(held);   // tests: the first core takes from this part while it waits
            }
            count(part, second, core, reader);
            mark(5);
            if (stealOn && (plan == null || !planFirstSteals)) {
                stealLoop(second, first, core, parent, 2);
            }
        }
    }
}
