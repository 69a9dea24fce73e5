package org.pairgate.host.stats;

import java.util.Arrays;

import org.pairgate.device.FrameSum;
import org.pairgate.device.PgMap;

/**
 * Test helper: builds frames straight from a list of closed trials (pattern and first-arrival
 * bins), by the trial-close rules of docs/frame-format.md, so statistics can be checked against
 * hand-counted values without a core.
 */
final class TrialFrames {
    private final PgMap.FrameLayout l;
    private final int bits;
    private final long[] w;
    private final int[][] history;
    private long trialsClosed;

    TrialFrames(final PgMap.FrameLayout layout) {
        this.l = layout;
        this.bits = layout.windows * layout.detectors;
        this.w = new long[layout.frameWords];
        this.history = new int[layout.maxDn + 1][];
    }

    /** Closes one trial with this pattern; {@code bins[bit]} is the first-arrival bin of every set bit. */
    TrialFrames trial(final int pattern, final int... bins) {
        final int[] bin = Arrays.copyOf(bins, bits);
        w[l.offPatterns + pattern]++;
        w[l.offTrials]++;
        for (int dn = 1; dn <= l.maxDn; dn++) {
            if (trialsClosed >= dn) {
                final int early = history[dn - 1][0];
                final int row = (dn - 1) * bits;
                w[l.offDnPairs + dn - 1]++;
                for (int a = 0; a < bits; a++) {
                    w[l.offDnEarly + row + a] += early >>> a & 1;
                    w[l.offDnLate + row + a] += pattern >>> a & 1;
                    for (int b = 0; b < bits; b++) {
                        w[l.offDnCoinc + (row + a) * bits + b] += (early >>> a & 1) & (pattern >>> b & 1);
                    }
                }
            }
        }
        for (int b = 0; b < bits; b++) {
            if ((pattern >>> b & 1) != 0) {
                w[l.offFirstArrival + b * l.bins + bin[b]]++;
            }
        }
        for (int win = 0; win < l.windows; win++) {
            final int a = win * l.detectors;
            if ((pattern >>> a & 1) != 0 && (pattern >>> (a + 1) & 1) != 0) {
                w[l.offBothArrival + win * l.bins + Math.max(bin[a], bin[a + 1])]++;
            }
        }
        // shift the history: history[k] holds {pattern of trial n - k - 1}
        for (int k = history.length - 1; k > 0; k--) {
            history[k] = history[k - 1];
        }
        history[0] = new int[] {pattern};
        trialsClosed++;
        // one sync per trial, accounted
        w[l.offTagsSync]++;
        w[l.offSyncs]++;
        return this;
    }

    /** Adds accounting counts (detector tags in and outside windows etc.) keeping the invariant. */
    TrialFrames tags(final long inWindow, final long outside, final long before, final long other) {
        w[l.offTagsDet] += inWindow + outside + before;
        w[l.offInWindow] += inWindow;
        w[l.offOutside] += outside;
        w[l.offBeforeFirstSync] += before;
        w[l.offTagsOther] += other;
        w[l.offOtherChannel] += other;
        return this;
    }

    /** Adds syncs the core's full sync-delay queue dropped (they open no trial), keeping the invariant. */
    TrialFrames syncDropped(final long dropped) {
        w[l.offTagsSync] += dropped;
        w[l.offSyncDropped] += dropped;
        return this;
    }

    /** The frame, with header and trailer, as frame {@code seq} starting at trial {@code firstTrial}. */
    long[] frame(final long seq, final long firstTrial) {
        final long[] f = w.clone();
        f[l.offMagic] = PgMap.FRAME_MAGIC;
        f[l.offSeq] = seq;
        f[l.offFirstTrial] = firstTrial;
        f[l.offFlags] = PgMap.FLAG_HOST_CLOSE;
        f[l.offShape] = l.shapeWord();
        f[l.offWords] = l.frameWords;
        f[l.offTrailer] = PgMap.TRAILER_BASE | (seq & 0xFFFFFF);
        return f;
    }

    /** A FrameSum holding this one frame. */
    FrameSum sum() {
        final FrameSum s = new FrameSum(l);
        s.add(frame(0, 0));
        return s;
    }
}
