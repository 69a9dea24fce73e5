package org.pairgate.host.stats;

/**
 * The Cauchy–Schwarz tests of physics.md: the paper's modified single-mode bound (Eq. 3) from
 * the red-only and blue-only calibration autocorrelations, and the two-mode ratio.
 *
 * <h2>Single-mode bound</h2>
 * Classical light that mixes the red- and blue-pump scattering with weight η satisfies
 * g2 ≤ B(η) = (η²·g_r + g_b + 4η·√(g_r·g_b)) / (1 + η)². With t = η/(1+η) ∈ [0, 1) this is the
 * quadratic B = t²·g_r + (1−t)²·g_b + 4t(1−t)·√(g_r g_b), so its maximum over η ≥ 0 is at the
 * vertex, clamped to [0, 1] (t = 1 is the limit η → ∞). For g_r = g_b = g the maximum is 3g/2 at
 * η = 1, which is why the paper quotes (3/2)·√(g_r g_b). The verdict uses the larger of the two.
 *
 * <h2>Significance, two conventions</h2>
 * <ul>
 *   <li>the paper's: (g2 − bound)/σ_g2 (4.8 ± 0.4 against g_r = 1.88, g_b = 1.90: bound 2.835, 4.9σ);</li>
 *   <li>with the bound's own error: (g2 − bound)/√(σ_g2² + σ_B²), σ_B propagated from σ_gr and
 *       σ_gb by the bound's gradient (calibration runs are independent of the main run).</li>
 * </ul>
 */
public final class CauchySchwarz {
    private CauchySchwarz() {
    }

    /** B(η). */
    public static double bound(final double eta, final double gr, final double gb) {
        final double s = Math.sqrt(gr * gb);
        return (eta * eta * gr + gb + 4 * eta * s) / ((1 + eta) * (1 + eta));
    }

    /** The paper's bound (3/2)·√(g_r g_b). */
    public static double paperBound(final double gr, final double gb) {
        return 1.5 * Math.sqrt(gr * gb);
    }

    /** t = η/(1+η) at the maximum of B over η ≥ 0 (1 means η → ∞). */
    static double argmaxT(final double gr, final double gb) {
        final double s = Math.sqrt(gr * gb);
        final double a = gr + gb - 4 * s;
        final double b = 4 * s - 2 * gb;
        if (a >= 0) {
            // convex or linear in t: the maximum is at an end
            return gr >= gb ? 1.0 : 0.0;
        }
        return Math.min(1.0, Math.max(0.0, -b / (2 * a)));
    }

    /** max over η ≥ 0 of B(η). */
    public static double maxBound(final double gr, final double gb) {
        final double t = argmaxT(gr, gb);
        final double s = Math.sqrt(gr * gb);
        return t * t * gr + (1 - t) * (1 - t) * gb + 4 * t * (1 - t) * s;
    }

    /** η at the maximum (infinite when the maximum is the limit η → ∞). */
    public static double etaAtMax(final double gr, final double gb) {
        final double t = argmaxT(gr, gb);
        return t >= 1 ? Double.POSITIVE_INFINITY : t / (1 - t);
    }

    /** The bound the verdict uses: the larger of max_η B(η) and (3/2)√(g_r g_b). */
    public static double verdictBound(final double gr, final double gb) {
        return Math.max(maxBound(gr, gb), paperBound(gr, gb));
    }

    /**
     * The verdict for a measured g2 ± σ against calibration autocorrelations g_r ± σ_r and
     * g_b ± σ_b (σ's may be NaN when unknown: the propagated form is then NaN).
     */
    public static Verdict test(final double g2, final double sigma, final double gr, final double sigmaGr,
        final double gb, final double sigmaGb) {
        final double max = maxBound(gr, gb);
        final double paper = paperBound(gr, gb);
        final double bound = Math.max(max, paper);
        final double h = 1e-6;
        final double dGr = (verdictBound(gr + h, gb) - verdictBound(gr - h, gb)) / (2 * h);
        final double dGb = (verdictBound(gr, gb + h) - verdictBound(gr, gb - h)) / (2 * h);
        final double sigmaBound = Math.sqrt(dGr * dGr * sigmaGr * sigmaGr + dGb * dGb * sigmaGb * sigmaGb);
        final double zPaper = (g2 - bound) / sigma;
        final double zPropagated = (g2 - bound) / Math.sqrt(sigma * sigma + sigmaBound * sigmaBound);
        return new Verdict(g2, sigma, gr, sigmaGr, gb, sigmaGb, max, etaAtMax(gr, gb), paper, bound, sigmaBound,
            zPaper, zPropagated, g2 > bound);
    }

    /**
     * The two-mode ratio R = g_ab² / (g_aa·g_bb) (R &gt; 1 is nonclassical) with its σ propagated
     * from the three σ's as if independent (they share trials, so this is a guide, not exact):
     * (σ_R/R)² = 4(σ_ab/g_ab)² + (σ_aa/g_aa)² + (σ_bb/g_bb)².
     *
     * @return {R, σ_R}
     */
    public static double[] twoModeRatio(final G2 cross, final G2 autoA, final G2 autoB) {
        final double r = cross.value() * cross.value() / (autoA.value() * autoB.value());
        final double rel = 4 * sq(cross.sigma() / cross.value()) + sq(autoA.sigma() / autoA.value()) + sq(autoB.sigma() / autoB.value());
        return new double[] {r, r * Math.sqrt(rel)};
    }

    private static double sq(final double v) {
        return v * v;
    }

    /**
     * A Cauchy–Schwarz verdict.
     *
     * @param g2                  the measured g2
     * @param sigma               its σ
     * @param gr                  red-only autocorrelation g_r, with {@code sigmaGr}
     * @param gb                  blue-only autocorrelation g_b, with {@code sigmaGb}
     * @param maxBound            max over η ≥ 0 of B(η)
     * @param etaAtMax            the η of that maximum
     * @param paperBound          (3/2)·√(g_r g_b)
     * @param bound               the larger of the two, which the verdict uses
     * @param sigmaBound          σ of that bound propagated from σ_gr, σ_gb
     * @param violationSigmaPaper (g2 − bound)/σ_g2, the paper's convention
     * @param violationSigma      (g2 − bound)/√(σ_g2² + σ_bound²)
     * @param violated            g2 &gt; bound
     */
    public record Verdict(double g2, double sigma, double gr, double sigmaGr, double gb, double sigmaGb,
        double maxBound, double etaAtMax, double paperBound, double bound, double sigmaBound,
        double violationSigmaPaper, double violationSigma, boolean violated) {
    }
}
