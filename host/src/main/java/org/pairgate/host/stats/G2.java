package org.pairgate.host.stats;

/**
 * One second-order correlation estimate g2 = N·C / (S_a·S_b) from counts of trials, with its
 * delta-method standard error.
 *
 * <p>The counts are kept beside the ratio because they are the data: a reader judges a g2 of 0
 * with C = 0 very differently from a g2 of 0.2 with C = 400. With C = 0 the value is 0 and there
 * is no standard error ({@link #hasSigma()} is false, {@link #sigma()} is NaN): the delta method
 * expands around a non-zero count and says nothing there.
 *
 * @param trials       N, the trials (or pairs of trials ΔN apart) the counts run over
 * @param singlesA     S_a, trials in which a clicked
 * @param singlesB     S_b, trials in which b clicked
 * @param coincidences C, trials in which both clicked
 * @param value        N·C / (S_a·S_b), 0 when C = 0
 * @param sigma        g2·sqrt(Var(ln g2)), NaN when C = 0
 */
public record G2(long trials, long singlesA, long singlesB, long coincidences, double value, double sigma) {

    /**
     * The estimate from counts. Var(ln g2) = 1/C − 1/S_a − 1/S_b + (2·g2 − 1)/N (physics.md; the
     * multinomial delta method for i.i.d. trials), clamped at 0 so that rounding never yields a
     * NaN for a fully correlated sample.
     */
    public static G2 of(final long trials, final long singlesA, final long singlesB, final long coincidences) {
        if (coincidences < 0 || singlesA < coincidences || singlesB < coincidences || trials < singlesA || trials < singlesB) {
            throw new IllegalArgumentException("inconsistent counts: N=" + trials + " S_a=" + singlesA
                + " S_b=" + singlesB + " C=" + coincidences);
        }
        if (coincidences == 0) {
            return new G2(trials, singlesA, singlesB, 0, 0.0, Double.NaN);
        }
        final double n = trials;
        final double c = coincidences;
        final double sa = singlesA;
        final double sb = singlesB;
        final double g2 = n * c / (sa * sb);
        final double var = Math.max(0.0, 1.0 / c - 1.0 / sa - 1.0 / sb + (2.0 * g2 - 1.0) / n);
        return new G2(trials, singlesA, singlesB, coincidences, g2, g2 * Math.sqrt(var));
    }

    /** False when C = 0: no standard error is defined. */
    public boolean hasSigma() {
        return !Double.isNaN(sigma);
    }
}
