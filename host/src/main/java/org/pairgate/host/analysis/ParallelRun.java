package org.pairgate.host.analysis;

import java.io.IOException;

import org.pairgate.device.Device;
import org.pairgate.device.FastSoftDevice;
import org.pairgate.device.FrameSum;
import org.pairgate.device.PgMap;
import org.pairgate.host.io.PtuT2Reader;

/**
 * The second core of a fused analysis (issue 15): a file split at a sync, with the ΔN history
 * carried across the split by replaying the trials before it.
 *
 * <p>The split: from the middle record M, the (K + 2)-th sync record P (within 2^16 records). The second core decodes
 * and gates [M, P] as a warm-up on its own {@link FastSoftDevice} (a reader {@link
 * PtuT2Reader#fork forked} at M, whose time base comes from the overflow records before M): at P
 * it has closed K + 1 trials, so it holds the last K patterns, the open trial and LAST_TIME as the
 * first core will hold them at P, unless a tag before M was later than every tag of the warm-up
 * or a sync of it was out of order. It records its {@link FastSoftDevice#trialState()} there,
 * closes and drops the warm-up frame, and counts [P + 1, end) into its own {@link FrameSum}. The
 * first core counts [0, P]; when its state at P equals the second core's, the second sum continues
 * the first ({@link FrameSum#addContinuation}): every later tag was counted as the first core would
 * have counted it, DN_PAIRS included (both are past trial K). Otherwise the first core goes on
 * alone. So the result is one core's either way; {@code ParallelAnalysisTest} checks it.
 */
final class ParallelRun {
    /** What the second core hands back. */
    record Result(long[] state, long[] countsAtSplit, long[] countsAtEnd, FrameSum sum) {
    }

    /** Opens the second core's device, configured and reset. */
    interface Opener {
        Device open() throws IOException;
    }

    private final long splitRecord;
    private final Thread thread;
    private Result result;
    private Throwable failure;

    private ParallelRun(final PtuT2Reader reader, final long middle, final long split, final Opener opener) {
        this.splitRecord = split;
        this.thread = new Thread(() -> {
            try {
                result = run(reader, middle, split, opener);
            } catch (final Throwable t) {
                failure = t;
            }
        }, "pairgate-core-2");
        thread.setDaemon(true);
    }

    /** Starts the second core, or returns null when the file has no split point (too few syncs after its middle). */
    static ParallelRun start(final PtuT2Reader reader, final int maxDn, final Opener opener) throws IOException {
        final long total = reader.fileRecords();
        final long middle = total / 2;
        final long split = reader.findSyncRecord(middle, maxDn + 2, 1 << 16);
        if (split < 0) {
            return null;
        }
        final ParallelRun run = new ParallelRun(reader, middle, split, opener);
        run.thread.start();
        return run;
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

    private static Result run(final PtuT2Reader parent, final long middle, final long split, final Opener opener)
        throws IOException {
        try (Device device = opener.open(); PtuT2Reader reader = parent.fork(middle)) {
            if (!(device instanceof FastSoftDevice)) {
                return null;
            }
            final FastSoftDevice core = (FastSoftDevice) device;
            final PgMap.FrameLayout layout = device.layout();
            final long[] frame = new long[layout.frameWords];
            final FrameSum warm = new FrameSum(layout);
            long left = split + 1 - middle;
            while (left > 0) {
                final int n = reader.readFused(core, (int) Math.min(Analysis.BATCH_TAGS, left));
                if (n < 0) {
                    return null;
                }
                left -= n;
                Analysis.drain(device, warm, null, frame, layout);
            }
            final long[] state = core.trialState();
            final long[] atSplit = reader.counts();
            final FrameSum w = Analysis.finish(device, warm, null, frame, layout, null);
            final FrameSum sum = FrameSum.startingAt(layout, w.frames(), w.trials());
            while (reader.readFused(core, Analysis.BATCH_TAGS) >= 0) {
                Analysis.drain(device, sum, null, frame, layout);
            }
            final FrameSum total = Analysis.finish(device, sum, null, frame, layout, null);
            return new Result(state, atSplit, reader.counts(), total);
        }
    }
}
