package org.pairgate.host.analysis;

import java.util.Arrays;

import org.pairgate.device.PgMap;
import org.pairgate.host.stats.SinglesBlocks;

/**
 * What the second core of a split run keeps of each frame it reads, for the singles blocks that
 * only the first core can fill in order (issue 15): TRIALS, MERGES and the singles of each
 * (window, detector) bit, {@code 2 + W·D} longs per frame (a 24 M-record file has some 900
 * frames; memory grows with the frames of the second part, 10 000 trials each by default).
 */
final class FrameLog implements FrameListener {
    private final PgMap.FrameLayout layout;
    private final int stride;
    private long[] rows;
    private int frames;

    FrameLog(final PgMap.FrameLayout layout) {
        this.layout = layout;
        this.stride = 2 + layout.windows * layout.detectors;
        this.rows = new long[64 * stride];
    }

    @Override
    public void frame(final long[] frame) {
        if ((frames + 1) * stride > rows.length) {
            rows = Arrays.copyOf(rows, rows.length * 2);
        }
        final int row = frames * stride;
        rows[row] = frame[layout.offTrials];
        rows[row + 1] = frame[layout.offMerges];
        SinglesBlocks.addSingles(layout, frame, rows, row + 2);
        frames++;
    }

    int frames() {
        return frames;
    }

    long trials(final int frame) {
        return rows[frame * stride];
    }

    long merges(final int frame) {
        return rows[frame * stride + 1];
    }

    /**
     * Whether the frames are the ones one core makes past the split: the first closes after
     * {@code firstTrials} trials, every later one after {@code frameTrials}, none merged, and the
     * last (the host's close at the end) after at most that many. With frameTrials 0 there is one
     * frame, the last.
     */
    boolean aligned(final long firstTrials, final long frameTrials) {
        if (frameTrials == 0) {
            return frames == 1 && merges(0) == 0;
        }
        for (int f = 0; f < frames; f++) {
            final long want = f == 0 ? firstTrials : frameTrials;
            final boolean ok = f == frames - 1 ? trials(f) <= want : trials(f) == want;
            if (!ok || merges(f) != 0) {
                return false;
            }
        }
        return frames > 0;
    }

    /**
     * Adds the frames to {@code blocks} in order, the first one joined with the first core's last
     * frame (its close at the split exists only because of the split), given as its trial count
     * and singles.
     */
    void addTo(final SinglesBlocks blocks, final long joinTrials, final long[] joinSingles) {
        final int bits = stride - 2;
        final long[] first = Arrays.copyOf(joinSingles, bits);
        for (int k = 0; k < bits; k++) {
            first[k] += rows[2 + k];
        }
        blocks.add(joinTrials + rows[0], first, 0);
        for (int f = 1; f < frames; f++) {
            blocks.add(rows[f * stride], rows, f * stride + 2);
        }
    }
}
