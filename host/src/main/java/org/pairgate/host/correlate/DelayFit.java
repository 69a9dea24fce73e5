package org.pairgate.host.correlate;

import java.util.Arrays;

/**
 * The offset between two channels from the peak of their correlation: the background-subtracted
 * centroid of the peak region, with its statistical uncertainty.
 *
 * <h2>Method</h2>
 * The background is the median bin. The peak is the highest bin; the region grows from it on
 * each side while the excess over background stays above 10 % of the peak's excess. The
 * position τ is the centroid of the excess over that region (each bin at the mean of the integer
 * differences it holds, weighted by its excess), and its uncertainty {@code σ = sqrt(s² / N)},
 * with s² the excess-weighted variance of the peak (plus (W² − 1)/12 ticks² for the spread within a
 * bin) and N the excess counts: the standard error of the mean arrival of the N correlated pairs.
 * {@link #refine} repeats the centroid on 1-tick bins over the same region, which removes the
 * bias of coarse bins (up to half a bin for a sharp peak). Background fluctuations under the peak are neglected, which
 * is fair when the peak stands well clear of the background, and the fit refuses a peak of fewer
 * than {@value #MIN_PEAK_PAIRS} excess pairs.
 *
 * <h2>Sign</h2>
 * A peak at τ = t_B − t_A > 0 means B's tags arrive τ late; {@link #delayB()} is {@code −τ}: the
 * delay to add to channel B (as {@code --delay B=<value>ps}) so the peak moves to 0.
 *
 * @param peakPs     τ, the centroid in ps
 * @param sigmaPs    its 1σ statistical uncertainty in ps
 * @param excess     N, the excess pairs in the region
 * @param fromPs     left edge of the region in ps
 * @param toPs       right edge of the region in ps
 */
public record DelayFit(double peakPs, double sigmaPs, double excess, double fromPs, double toPs) {
    /** Fewest excess pairs a peak must hold to be fitted. */
    public static final int MIN_PEAK_PAIRS = 10;

    /** The delay to add to channel B in ps: {@code −peakPs}. */
    public double delayB() {
        return -peakPs;
    }

    /**
     * Fits the peak of {@code c}: background, region and centroid as described above.
     *
     * @throws IllegalArgumentException when there is no peak clear of the background
     */
    public static DelayFit of(final Correlation c) {
        final long[] counts = c.counts();
        final double background = median(counts);
        int peak = 0;
        for (int i = 1; i < counts.length; i++) {
            if (counts[i] > counts[peak]) {
                peak = i;
            }
        }
        final double height = counts[peak] - background;
        if (!(height >= MIN_PEAK_PAIRS / 2.0)) {
            throw new IllegalArgumentException("no correlation peak: the highest bin holds " + counts[peak]
                + " pairs against a background of " + background);
        }
        final double cut = 0.1 * height;
        int from = peak;
        while (from > 0 && counts[from - 1] - background > cut) {
            from--;
        }
        int to = peak;
        while (to < counts.length - 1 && counts[to + 1] - background > cut) {
            to++;
        }
        return centroid(c, from, to + 1, background);
    }

    /**
     * Refines {@code coarse} on {@code fine}, a correlation of the same data with 1-tick bins: the
     * centroid over the same region, against the coarse background spread over its bin width. With
     * 1-tick bins the centroid is the exact mean pair difference in the region, free of the
     * half-bin bias a coarse bin centre carries.
     */
    public static DelayFit refine(final Correlation fine, final Correlation coarse, final DelayFit rough) {
        if (fine.binTicks() != 1) {
            throw new IllegalArgumentException("the fine correlation needs 1-tick bins");
        }
        final double background = median(coarse.counts()) / coarse.binTicks();
        final double res = fine.resolutionPs();
        final int from = (int)Math.max(0, Math.round(rough.fromPs() / res) + fine.rangeTicks());
        final int to = (int)Math.min(fine.counts().length, Math.round(rough.toPs() / res) + fine.rangeTicks());
        return centroid(fine, from, to, background);
    }

    private static DelayFit centroid(final Correlation c, final int from, final int to, final double background) {
        final long[] counts = c.counts();
        final double w = c.binTicks() * c.resolutionPs();
        double sum = 0;
        double first = 0;
        for (int i = from; i < to; i++) {
            final double e = Math.max(0, counts[i] - background);
            sum += e;
            first += e * centre(c, i);
        }
        if (sum < MIN_PEAK_PAIRS) {
            throw new IllegalArgumentException("no correlation peak: only " + Math.round(sum)
                + " pairs above the background of " + background + " per bin (need " + MIN_PEAK_PAIRS + ")");
        }
        final double mean = first / sum;
        double second = 0;
        for (int i = from; i < to; i++) {
            final double e = Math.max(0, counts[i] - background);
            final double d = centre(c, i) - mean;
            second += e * d * d;
        }
        // integer differences spread uniformly over a bin of W ticks: variance (W^2 - 1)/12 ticks^2
        final double res = c.resolutionPs();
        final double variance = second / sum + (w * w - res * res) / 12.0;
        return new DelayFit(mean, Math.sqrt(variance / sum), sum,
            c.binStart(from) * res, c.binStart(to) * res);
    }

    private static double median(final long[] counts) {
        final long[] sorted = counts.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
            : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
    }

    /** The mean of the integer tick differences a bin holds: its left edge + (W − 1) / 2. */
    private static double centre(final Correlation c, final int i) {
        return (c.binStart(i) + (c.binTicks() - 1) / 2.0) * c.resolutionPs();
    }
}
