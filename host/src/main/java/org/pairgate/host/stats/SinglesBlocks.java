package org.pairgate.host.stats;

import java.util.Arrays;

import org.pairgate.device.PgMap;

/**
 * Singles of every (window, detector) bit per block of consecutive trials, taken from the frames
 * as they are summed: the input of the stationarity test ({@link Stationarity}).
 *
 * <p>A frame is the finest unit there is (its PATTERNS give its singles exactly), so a block is a
 * run of whole consecutive frames. Memory is constant whatever the run's length: frames are
 * appended to an open block that closes once it holds {@code target} trials; when
 * {@link #MAX_BLOCKS} blocks are closed, neighbours are merged pairwise (64 remain) and the target
 * becomes their mean trial count. With frames of equal length (FRAME_TRIALS) the blocks therefore
 * hold equal trial counts, 64 to 128 of them once the run has that many frames. Frames the core
 * merged (a frame close absorbed while its ring was full: (1 + MERGES)·FRAME_TRIALS trials) and
 * the last, host-closed frame make some blocks longer; the test weighs every block by its own
 * trial count, so that is exact, and a last block shorter than half the others' mean joins the
 * one before it.
 *
 * <p>Which frames there are depends on the frame cadence ({@code --frame-trials}) and, in
 * {@code acquire}, on when the core had to merge closes; the blocks, like the {@code frames}
 * count of a report, depend on it too. Not thread-safe: one consumer feeds it.
 */
public final class SinglesBlocks {
    /** Closed blocks kept before neighbours are merged. */
    public static final int MAX_BLOCKS = 128;

    private final PgMap.FrameLayout layout;
    private final int bits;
    /** Trials of block i at [i]; the open block at [closed]. */
    private final long[] trials = new long[MAX_BLOCKS + 1];
    /** Singles of block i, bit k at [i * bits + k]. */
    private final long[] singles;
    private int closed;
    private long target = 1;

    public SinglesBlocks(final PgMap.FrameLayout layout) {
        this.layout = layout;
        this.bits = layout.windows * layout.detectors;
        this.singles = new long[(MAX_BLOCKS + 1) * bits];
    }

    public PgMap.FrameLayout layout() {
        return layout;
    }

    /** Adds a frame (already validated, e.g. by {@code FrameSum.add}): its TRIALS and the singles its PATTERNS hold. */
    public void add(final long[] frame) {
        final long n = frame[layout.offTrials];
        if (n == 0) {
            return;
        }
        trials[closed] += n;
        addSingles(layout, frame, singles, closed * bits);
        closeIfDue();
    }

    /**
     * Adds a frame given as its trial count and the singles of each bit ({@code W·D} values from
     * {@code offset}, as {@link #addSingles} gives them): the same as {@link #add(long[])} of that
     * frame. For frames counted elsewhere and added in order later (the second core, issue 15).
     */
    public void add(final long frameTrials, final long[] frameSingles, final int offset) {
        if (frameTrials == 0) {
            return;
        }
        trials[closed] += frameTrials;
        final int row = closed * bits;
        for (int k = 0; k < bits; k++) {
            singles[row + k] += frameSingles[offset + k];
        }
        closeIfDue();
    }

    /** Adds the singles of each (window, detector) bit that a frame's PATTERNS hold to {@code dst} from {@code offset}. */
    public static void addSingles(final PgMap.FrameLayout layout, final long[] frame, final long[] dst, final int offset) {
        for (int p = 0; p < layout.lenPatterns; p++) {
            final long count = frame[layout.offPatterns + p];
            if (count != 0) {
                for (int bitsLeft = p; bitsLeft != 0; bitsLeft &= bitsLeft - 1) {
                    dst[offset + Integer.numberOfTrailingZeros(bitsLeft)] += count;
                }
            }
        }
    }

    private void closeIfDue() {
        if (trials[closed] >= target) {
            closed++;
            if (closed == MAX_BLOCKS) {
                halve();
            }
        }
    }

    /** Merges neighbouring closed blocks pairwise; the open block (empty here) moves down. */
    private void halve() {
        long total = 0;
        for (int i = 0; i < MAX_BLOCKS / 2; i++) {
            trials[i] = trials[2 * i] + trials[2 * i + 1];
            total += trials[i];
            for (int k = 0; k < bits; k++) {
                singles[i * bits + k] = singles[2 * i * bits + k] + singles[(2 * i + 1) * bits + k];
            }
        }
        closed = MAX_BLOCKS / 2;
        Arrays.fill(trials, closed, trials.length, 0);
        Arrays.fill(singles, closed * bits, singles.length, 0);
        target = Math.max(target, (total + closed - 1) / closed);
    }

    /**
     * The blocks so far: trials per block, and singles per block of {@code bit} = w·D + d. A last
     * block (open, or the short host-closed frame) with fewer than half the mean trials of the
     * others is added to the one before it, so that no block has a tiny expected count.
     */
    public Blocks blocks() {
        int count = trials[closed] > 0 ? closed + 1 : closed;
        final long[] t = Arrays.copyOf(trials, count);
        final long[] s = Arrays.copyOf(singles, count * bits);
        if (count >= 2) {
            long others = 0;
            for (int i = 0; i < count - 1; i++) {
                others += t[i];
            }
            if (2 * t[count - 1] * (count - 1) < others) {
                t[count - 2] += t[count - 1];
                for (int k = 0; k < bits; k++) {
                    s[(count - 2) * bits + k] += s[(count - 1) * bits + k];
                }
                count--;
            }
        }
        return new Blocks(count, bits, Arrays.copyOf(t, count), Arrays.copyOf(s, count * bits));
    }

    /**
     * A snapshot of the blocks.
     *
     * @param count   blocks
     * @param bits    W·D
     * @param trials  trials of block i
     * @param singles singles of block i, bit k at [i·bits + k]
     */
    public record Blocks(int count, int bits, long[] trials, long[] singles) {
        /** Singles of {@code bit} in block {@code i}. */
        public long singles(final int i, final int bit) {
            return singles[i * bits + bit];
        }
    }
}
