package org.pairgate.host.stats;

import java.util.List;

/**
 * Every statistic of one run, computed once from the summed frames; reports only format it.
 *
 * @param trials     N, complete trials
 * @param frames     frames summed
 * @param frameMerges frame closes the core absorbed into those frames because the host still held
 *                   the other bank (the sum of their MERGES words): merged frames hold
 *                   (1 + MERGES)·FRAME_TRIALS trials, no count is lost, only the frame count is smaller
 * @param windows    per configured window, in configuration order
 * @param patterns   trials per click pattern (bit w·D + d)
 * @param fourfold   windows 0 and 1, or null with fewer than two windows
 * @param crossWindow g2 of "any detector in window 0" with "any detector in window 1", or null with fewer than two windows
 * @param accounting tag accounting
 */
public record RunStatistics(long trials, long frames, long frameMerges, List<WindowStatistics> windows, long[] patterns,
    Fourfold fourfold, G2 crossWindow, Accounting accounting) {

    public RunStatistics {
        windows = List.copyOf(windows);
        patterns = patterns.clone();
    }

    @Override
    public long[] patterns() {
        return patterns.clone();
    }

    /**
     * The two-mode Cauchy–Schwarz ratio R = g2_cross² / (g2_0 · g2_1) of physics.md, with the
     * HBT g2(0) of windows 0 and 1 as the autocorrelations; NaN when undefined.
     */
    public double cauchySchwarzRatio() {
        if (crossWindow == null || windows.size() < 2) {
            return Double.NaN;
        }
        final double auto = windows.get(0).g2Zero().value() * windows.get(1).g2Zero().value();
        return auto > 0 ? crossWindow.value() * crossWindow.value() / auto : Double.NaN;
    }
}
