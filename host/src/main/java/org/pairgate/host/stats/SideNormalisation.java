package org.pairgate.host.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Side-peak normalisation of pulsed g2, the estimator labs use when the source's rate is not
 * constant over the run:
 * <pre>
 *   r(ΔN)        = C(ΔN) / N'(ΔN)                          coincidences per pair of trials ΔN apart
 *   g2_side(ΔN)  = r(ΔN) / ( (1/2K) Σ_{1 ≤ |ΔN'| ≤ K} r(ΔN') )
 * </pre>
 * N'(ΔN) = N − |ΔN| are the pairs that exist (N for ΔN = 0); with them the denominator is the mean
 * side-peak area per pair, which is the C(ΔN) / mean C(ΔN') up to the factor
 * (N − |ΔN|)/N that the exact pair counts make unnecessary. The singles do not enter, so a rate
 * that varies over the run (a duty cycle, drifts) cancels between numerator and denominator as
 * long as it varies slowly on the scale of K trials; see docs/statistics.md.
 *
 * <h2>Error model</h2>
 * Each C(ΔN) is a Poisson count (Var C = C), the counts of different ΔN independent (they are
 * sums over different pairs of trials; their covariance is of order 1/N relative). Delta method
 * in ln g2_side, with R = Σ_side r and Var r(ΔN) = C(ΔN)/N'(ΔN)²:
 * <pre>
 *   ΔN = 0 (not in the side set):  Var ln g2_side = 1/C(0) + Σ_side Var r / R²
 *   ΔN in the side set:            Var ln g2_side = (1/r(ΔN) − 1/R)² Var r(ΔN) + Σ_{side, ≠ ΔN} Var r / R²
 * </pre>
 * In the second line the numerator is also one term of the denominator: the derivative of
 * ln r(ΔN) − ln R with respect to r(ΔN) carries both, so the covariance Cov(C(ΔN), Σ C) = C(ΔN) is
 * included exactly rather than neglected (neglecting it would overstate σ by about 1/(2K)).
 * With C(ΔN) = 0 the value is 0 and σ is NaN, as for {@link G2}; with every side peak empty the
 * value is NaN.
 */
public final class SideNormalisation {
    private SideNormalisation() {
    }

    /** g2_side for every point of {@code byDn} (ΔN = −K..K); empty when K = 0. */
    public static List<SidePoint> of(final List<DnPoint> byDn) {
        final int maxDn = (byDn.size() - 1) / 2;
        final List<SidePoint> out = new ArrayList<>(byDn.size());
        if (maxDn < 1) {
            return out;
        }
        final int n = byDn.size();
        final double[] rate = new double[n];
        final double[] var = new double[n];
        double sideRate = 0;
        double sideVar = 0;
        for (int i = 0; i < n; i++) {
            final G2 g = byDn.get(i).g2();
            final double pairs = g.trials();
            rate[i] = pairs > 0 ? g.coincidences() / pairs : 0.0;
            var[i] = pairs > 0 ? g.coincidences() / (pairs * pairs) : 0.0;
            if (byDn.get(i).dn() != 0) {
                sideRate += rate[i];
                sideVar += var[i];
            }
        }
        final int sides = 2 * maxDn;
        for (int i = 0; i < n; i++) {
            final DnPoint p = byDn.get(i);
            final long c = p.g2().coincidences();
            if (sideRate <= 0) {
                out.add(new SidePoint(p.dn(), c, Double.NaN, Double.NaN));
                continue;
            }
            if (c == 0) {
                out.add(new SidePoint(p.dn(), 0, 0.0, Double.NaN));
                continue;
            }
            final double value = rate[i] * sides / sideRate;
            final double varLn;
            if (p.dn() == 0) {
                varLn = 1.0 / c + sideVar / (sideRate * sideRate);
            } else {
                final double own = 1.0 / rate[i] - 1.0 / sideRate;
                varLn = own * own * var[i] + (sideVar - var[i]) / (sideRate * sideRate);
            }
            out.add(new SidePoint(p.dn(), c, value, value * Math.sqrt(Math.max(0.0, varLn))));
        }
        return out;
    }
}
