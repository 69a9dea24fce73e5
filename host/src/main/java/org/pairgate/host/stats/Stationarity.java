package org.pairgate.host.stats;

import org.hipparchus.special.Gamma;

/**
 * Is the singles rate of a window constant over the run? A χ² test of the singles per block of
 * trials ({@link SinglesBlocks}) against a constant click probability, per detector.
 *
 * <p>Under the null hypothesis (i.i.d. trials, click probability p_d of detector d the same in
 * every trial) the singles s_i of block i with n_i trials are binomial(n_i, p_d). With
 * p̂_d = Σ s_i / Σ n_i,
 * <pre>
 *   χ²_d = Σ_i (s_i − p̂_d n_i)² / (p̂_d (1 − p̂_d) n_i),      B − 1 degrees of freedom,
 *   p_d  = Q((B − 1)/2, χ²_d / 2)                           (upper tail, regularised Γ)
 * </pre>
 * The window's p is the Bonferroni bound min(1, D·min_d p_d), valid whatever the correlation
 * between the detectors' singles; the window is called stationary when p ≥ {@link #ALPHA}, so a
 * source of constant rate is flagged with probability at most ALPHA per window (the false-alarm
 * rate). {@code chi2PerDof} is that of the detector with the smallest p_d.
 *
 * <p>The χ² distribution is the large-count limit: the blocks are regrouped into half as many
 * blocks of (as nearly as whole frames allow) equal trials, down to {@link #MIN_BLOCKS}, until
 * every block expects at least {@link #MIN_EXPECTED} singles of every detector (and as many
 * non-clicks). With fewer than MIN_BLOCKS blocks, or too few singles, the
 * test is not made: {@code stationary} is null and {@code note} says why.
 *
 * @param blocks      blocks the test used (or had)
 * @param chi2PerDof  χ²/(B − 1) of the detector with the smallest p; NaN when not tested
 * @param p           Bonferroni-adjusted p of the window; NaN when not tested
 * @param stationary  p ≥ ALPHA; null when not tested
 * @param chi2ByDetector χ²/(B − 1) per detector (NaN when not tested)
 * @param pByDetector p_d per detector (NaN when not tested)
 * @param note        why the test was not made, or null
 */
public record Stationarity(int blocks, double chi2PerDof, double p, Boolean stationary, double[] chi2ByDetector,
    double[] pByDetector, String note) {

    /** False-alarm rate per window: a constant-rate source is called non-stationary with this probability. */
    public static final double ALPHA = 1e-3;
    /** Fewest blocks the test is made with. */
    public static final int MIN_BLOCKS = 16;
    /** Fewest expected singles (and non-clicks) per block and detector. */
    public static final double MIN_EXPECTED = 20;

    public Stationarity {
        chi2ByDetector = chi2ByDetector.clone();
        pByDetector = pByDetector.clone();
    }

    @Override
    public double[] chi2ByDetector() {
        return chi2ByDetector.clone();
    }

    @Override
    public double[] pByDetector() {
        return pByDetector.clone();
    }

    /** True when the test was made. */
    public boolean tested() {
        return stationary != null;
    }

    /** The test of window {@code w} over {@code blocks}, detectors {@code 0..detectors-1}. */
    public static Stationarity of(final SinglesBlocks.Blocks blocks, final int w, final int detectors) {
        final double[] none = new double[detectors];
        java.util.Arrays.fill(none, Double.NaN);
        if (blocks == null) {
            return new Stationarity(0, Double.NaN, Double.NaN, null, none, none, "no per-frame singles were kept");
        }
        final long[][] unitSingles = new long[detectors][];
        for (int d = 0; d < detectors; d++) {
            unitSingles[d] = new long[blocks.count()];
            for (int i = 0; i < blocks.count(); i++) {
                unitSingles[d][i] = blocks.singles(i, w * detectors + d);
            }
        }
        long[] trials = blocks.trials();
        final long[][] singles = unitSingles.clone();
        for (int want = trials.length / 2; minExpected(trials, singles) < MIN_EXPECTED && want >= MIN_BLOCKS; want /= 2) {
            final int[] group = regroup(blocks.trials(), want);
            trials = sum(blocks.trials(), group);
            for (int d = 0; d < detectors; d++) {
                singles[d] = sum(unitSingles[d], group);
            }
        }
        final int b = trials.length;
        if (b < MIN_BLOCKS) {
            return new Stationarity(b, Double.NaN, Double.NaN, null, none, none, b + " blocks (frames) where "
                + MIN_BLOCKS + " are needed: close frames more often (--frame-trials at most N/" + MIN_BLOCKS + ")");
        }
        if (minExpected(trials, singles) < MIN_EXPECTED) {
            return new Stationarity(b, Double.NaN, Double.NaN, null, none, none, "fewer than "
                + (long) MIN_EXPECTED + " expected singles per block in " + b + " blocks: the χ² test would not hold");
        }
        final double[] chi2 = new double[detectors];
        final double[] p = new double[detectors];
        int worst = 0;
        for (int d = 0; d < detectors; d++) {
            chi2[d] = chi2(trials, singles[d]) / (b - 1);
            p[d] = Gamma.regularizedGammaQ((b - 1) / 2.0, chi2[d] * (b - 1) / 2.0);
            if (p[d] < p[worst]) {
                worst = d;
            }
        }
        final double pWindow = Math.min(1.0, detectors * p[worst]);
        return new Stationarity(b, chi2[worst], pWindow, pWindow >= ALPHA, chi2, p, null);
    }

    /** Pearson χ² of block singles against the pooled click probability; 0 when it is 0 or 1. */
    static double chi2(final long[] trials, final long[] singles) {
        long n = 0;
        long s = 0;
        for (int i = 0; i < trials.length; i++) {
            n += trials[i];
            s += singles[i];
        }
        if (s == 0 || s == n) {
            return 0.0;
        }
        final double p = (double) s / n;
        double chi2 = 0;
        for (int i = 0; i < trials.length; i++) {
            final double e = p * trials[i];
            final double dev = singles[i] - e;
            chi2 += dev * dev / (e * (1 - p));
        }
        return chi2;
    }

    /** Smallest expected singles or non-clicks of any block and detector with any singles at all. */
    private static double minExpected(final long[] trials, final long[][] singles) {
        long n = 0;
        for (final long t : trials) {
            n += t;
        }
        long fewest = Long.MAX_VALUE;
        for (final long t : trials) {
            fewest = Math.min(fewest, t);
        }
        double min = Double.POSITIVE_INFINITY;
        for (final long[] s : singles) {
            long total = 0;
            for (final long x : s) {
                total += x;
            }
            if (total == 0 || total == n) {
                continue;
            }
            final double p = (double) total / n;
            min = Math.min(min, fewest * Math.min(p, 1 - p));
        }
        return min;
    }

    /**
     * Groups consecutive units into about {@code want} blocks of equal trials: a block closes once
     * it holds N/want trials, and a last block with less than half of that joins the one before.
     * Returns the block of every unit.
     */
    static int[] regroup(final long[] trials, final int want) {
        long n = 0;
        for (final long t : trials) {
            n += t;
        }
        final double target = (double) n / want;
        final int[] group = new int[trials.length];
        int block = 0;
        long acc = 0;
        for (int i = 0; i < trials.length; i++) {
            group[i] = block;
            acc += trials[i];
            if (acc >= target && i < trials.length - 1) {
                block++;
                acc = 0;
            }
        }
        if (block > 0 && acc > 0 && acc < target / 2) {
            for (int i = trials.length - 1; i >= 0 && group[i] == block; i--) {
                group[i] = block - 1;
            }
        }
        return group;
    }

    private static long[] sum(final long[] units, final int[] group) {
        final long[] out = new long[group.length == 0 ? 0 : group[group.length - 1] + 1];
        for (int i = 0; i < units.length; i++) {
            out[group[i]] += units[i];
        }
        return out;
    }
}
