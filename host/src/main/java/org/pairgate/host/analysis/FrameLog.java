package org.pairgate.host.analysis;

import java.util.Arrays;

import org.pairgate.device.PgMap;
import org.pairgate.host.stats.SinglesBlocks;

/**
 * What a core of a split run keeps of each frame it reads, for the singles blocks, which are
 * filled in file order once every part is counted (issue 15): TRIALS, MERGES and the singles of each
 * (window, detector) bit, {@code 2 + W·D} longs per frame (a 24 M-record file has some 900
 * frames; memory grows with the frames of its part, 10 000 trials each by default).
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

    /** Longs of singles a frame has: one per (window, detector) bit. */
    int bits() {
        return stride - 2;
    }

    /**
     * Adds the frames to {@code blocks} in order, the first one joined with {@code carry} ({trials,
     * the singles of each bit}: the last frame of the part before, whose close exists only because
     * that part ended there; zeros for none). With {@code last} false, this part's last frame is
     * not added but left in {@code carry}, for the next part's first; else carry is zeroed.
     */
    void addTo(final SinglesBlocks blocks, final long[] carry, final boolean last) {
        final int bits = stride - 2;
        final long[] row = new long[bits];
        for (int f = 0; f < frames; f++) {
            long trials = rows[f * stride];
            System.arraycopy(rows, f * stride + 2, row, 0, bits);
            if (f == 0) {
                trials += carry[0];
                for (int k = 0; k < bits; k++) {
                    row[k] += carry[1 + k];
                }
                Arrays.fill(carry, 0L);
            }
            if (f == frames - 1 && !last) {
                carry[0] = trials;
                System.arraycopy(row, 0, carry, 1, bits);
            } else {
                blocks.add(trials, row, 0);
            }
        }
    }
}
