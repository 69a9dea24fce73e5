package org.pairgate.host.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.pairgate.device.PgMap;

class StatisticsTest {
    private static final PgMap.FrameLayout L = new PgMap.FrameLayout(2, 2, 3, 8);
    private static final long[] LENGTHS = {8, 8};

    private static RunStatistics stats(final TrialFrames t) {
        return Statistics.compute(t.sum(), L.maxDn, 1, LENGTHS);
    }

    @Test
    void singlesAndSameTrialG2AreExact() {
        final TrialFrames t = new TrialFrames(L);
        for (int i = 0; i < 3; i++) {
            t.trial(0b0011);
        }
        t.trial(0b0001).trial(0b0001).trial(0b0010);
        for (int i = 0; i < 4; i++) {
            t.trial(0);
        }
        final RunStatistics st = stats(t);
        assertEquals(10, st.trials());
        final WindowStatistics pre = st.windows().get(0);
        assertEquals(5, pre.singles()[0]);
        assertEquals(4, pre.singles()[1]);
        final G2 g = pre.g2Zero();
        assertEquals(3, g.coincidences());
        assertEquals(1.5, g.value(), 0.0);
        // Var(ln g2) = 1/3 - 1/5 - 1/4 + (2*1.5 - 1)/10 = 1/12
        assertEquals(1.5 * Math.sqrt(1.0 / 12), g.sigma(), 1e-15);
        // window 1 never clicked: value 0, no sigma, C reported
        final G2 meas = st.windows().get(1).g2Zero();
        assertEquals(0, meas.coincidences());
        assertEquals(0.0, meas.value());
        assertFalse(meas.hasSigma());
        assertTrue(Double.isNaN(meas.sigma()));
    }

    @Test
    void zeroCoincidencesGiveZeroAndNoSigmaEvenWithSingles() {
        final TrialFrames t = new TrialFrames(L);
        t.trial(0b01).trial(0b10).trial(0b01).trial(0);
        final G2 g = stats(t).windows().get(0).g2Zero();
        assertEquals(2, g.singlesA());
        assertEquals(1, g.singlesB());
        assertEquals(0, g.coincidences());
        assertEquals(0.0, g.value());
        assertFalse(g.hasSigma());
    }

    @Test
    void negativeDnMeansDetectorOneEarlier() {
        // b (detector 1) clicks in trial 0, a (detector 0) in trial 1: that is a coincidence at dN = -1 only
        final TrialFrames t = new TrialFrames(L);
        t.trial(0b10).trial(0b01).trial(0).trial(0);
        final WindowStatistics w = stats(t).windows().get(0);
        assertEquals(1, w.g2(-1).coincidences());
        assertEquals(0, w.g2(1).coincidences());
        assertEquals(3, w.g2(-1).trials());
        assertEquals(1, w.g2(-1).singlesA());
        assertEquals(1, w.g2(-1).singlesB());
        assertEquals(3.0, w.g2(-1).value(), 0.0);
        assertEquals(0.0, w.g2(1).value());
        assertEquals(-3, w.g2ByDn().get(0).dn());
        assertEquals(3, w.g2ByDn().get(6).dn());
    }

    @Test
    void crossTrialCountsMatchTheDefinitionForEveryDn() {
        final SplittableRandom r = new SplittableRandom(7);
        final int n = 500;
        final int[] patterns = new int[n];
        final TrialFrames t = new TrialFrames(L);
        for (int i = 0; i < n; i++) {
            int p = 0;
            for (int bit = 0; bit < 4; bit++) {
                p |= r.nextDouble() < 0.3 ? 1 << bit : 0;
            }
            if (i > 0 && r.nextDouble() < 0.2) {
                p |= (patterns[i - 1] & 1) << 1; // correlate b with the previous trial's a
            }
            patterns[i] = p;
            t.trial(p);
        }
        final RunStatistics st = stats(t);
        for (int w = 0; w < 2; w++) {
            final int a = 2 * w;
            final int b = a + 1;
            for (int dn = -L.maxDn; dn <= L.maxDn; dn++) {
                // physics.md: C(dN) = sum_n a_n b_{n+dN} over the pairs that exist, singles over the same pairs
                long c = 0;
                long sa = 0;
                long sb = 0;
                long pairs = 0;
                for (int i = 0; i < n; i++) {
                    final int j = i + dn;
                    if (j < 0 || j >= n) {
                        continue;
                    }
                    pairs++;
                    final int ai = patterns[i] >>> a & 1;
                    final int bj = patterns[j] >>> b & 1;
                    sa += ai;
                    sb += bj;
                    c += ai & bj;
                }
                final G2 g = st.windows().get(w).g2(dn);
                assertEquals(pairs, g.trials(), "pairs dn=" + dn);
                assertEquals(sa, g.singlesA(), "S_a dn=" + dn);
                assertEquals(sb, g.singlesB(), "S_b dn=" + dn);
                assertEquals(c, g.coincidences(), "C dn=" + dn);
                assertEquals(G2.of(pairs, sa, sb, c), g);
            }
        }
    }

    @Test
    void g2VersusGateIsTheCumulativeArrivalHistogram() {
        final PgMap.FrameLayout l = new PgMap.FrameLayout(1, 2, 1, 8);
        final TrialFrames t = new TrialFrames(l);
        t.trial(0b11, 0, 2);   // both by bin 2
        t.trial(0b11, 3, 1);   // both by bin 3
        t.trial(0b01, 1);      // a at bin 1
        t.trial(0b10, 0, 0);   // b at bin 0
        t.trial(0b11, 0, 0);   // both at bin 0
        t.trial(0);
        // window of 3.5 bins (bin = 10 ticks, length 35): 4 points, the last capped at the length
        final RunStatistics st = Statistics.compute(t.sum(), 1, 10, new long[] {35});
        final List<GatePoint> g = st.windows().get(0).g2VsGate();
        assertEquals(4, g.size());
        final long[][] expect = { // S_a, S_b, C by bin
            {2, 2, 1}, {3, 3, 1}, {3, 4, 2}, {4, 4, 3}};
        for (int k = 0; k < 4; k++) {
            assertEquals(k, g.get(k).bin());
            assertEquals(expect[k][0], g.get(k).g2().singlesA(), "S_a bin " + k);
            assertEquals(expect[k][1], g.get(k).g2().singlesB(), "S_b bin " + k);
            assertEquals(expect[k][2], g.get(k).g2().coincidences(), "C bin " + k);
            assertEquals(6, g.get(k).g2().trials());
        }
        assertEquals(10, g.get(0).gateTicks());
        assertEquals(30, g.get(2).gateTicks());
        assertEquals(35, g.get(3).gateTicks());
        // the full gate is g2(0)
        assertEquals(st.windows().get(0).g2Zero(), g.get(3).g2());
    }

    @Test
    void sigmaMatchesTheMultinomialDeltaMethodComputedByBruteForce() {
        final long[][] cases = {{1000, 40, 60, 5}, {100000, 3000, 2500, 400}, {50, 20, 30, 15}, {20, 10, 10, 10}};
        for (final long[] k : cases) {
            final long n = k[0];
            final long sa = k[1];
            final long sb = k[2];
            final long c = k[3];
            // cells of the 2x2 table and the multinomial covariance N (diag(p) - p p^T)
            final double[] cells = {c, sa - c, sb - c, n - sa - sb + c};
            final double[] p = new double[4];
            for (int i = 0; i < 4; i++) {
                p[i] = cells[i] / n;
            }
            final double[] grad = new double[4];
            for (int i = 0; i < 4; i++) {
                final double h = 1e-4 * Math.max(1, cells[i]);
                final double[] up = cells.clone();
                final double[] down = cells.clone();
                up[i] += h;
                down[i] -= h;
                grad[i] = (g2OfCells(up) - g2OfCells(down)) / (2 * h);
            }
            double var = 0;
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    var += grad[i] * grad[j] * n * ((i == j ? p[i] : 0) - p[i] * p[j]);
                }
            }
            final G2 g = G2.of(n, sa, sb, c);
            assertEquals(Math.sqrt(Math.max(0, var)), g.sigma(), 1e-6 * g.value() + 1e-9, "case N=" + n);
        }
    }

    private static double g2OfCells(final double[] x) {
        final double n = x[0] + x[1] + x[2] + x[3];
        return n * x[0] / ((x[0] + x[1]) * (x[0] + x[2]));
    }

    @Test
    void sigmaMatchesTheSpreadOfRepeatedExperiments() {
        final SplittableRandom r = new SplittableRandom(11);
        final int n = 20000;
        final double q = 0.01;
        final double s = 0.03;
        final int runs = 2000;
        double sum = 0;
        double sum2 = 0;
        double sigma = 0;
        for (int run = 0; run < runs; run++) {
            long sa = 0;
            long sb = 0;
            long c = 0;
            for (int i = 0; i < n; i++) {
                final boolean pair = r.nextDouble() < q;
                final boolean a = pair || r.nextDouble() < s;
                final boolean b = pair || r.nextDouble() < s;
                sa += a ? 1 : 0;
                sb += b ? 1 : 0;
                c += a && b ? 1 : 0;
            }
            final G2 g = G2.of(n, sa, sb, c);
            sum += g.value();
            sum2 += g.value() * g.value();
            sigma += g.sigma();
        }
        final double mean = sum / runs;
        final double sd = Math.sqrt(sum2 / runs - mean * mean);
        // the spread's own relative error is about 1/sqrt(2 runs) = 1.6 %
        assertEquals(sd, sigma / runs, 0.06 * sd);
    }

    @Test
    void fourfoldTableAndCrossWindowG2() {
        final TrialFrames t = new TrialFrames(L);
        repeat(t, 0b1111, 2);
        repeat(t, 0b0011, 3);
        repeat(t, 0b1100, 4);
        repeat(t, 0b0000, 5);
        repeat(t, 0b0111, 1);
        final RunStatistics st = stats(t);
        final Fourfold f = st.fourfold();
        assertEquals(2, f.n22());
        assertEquals(3, f.n20());
        assertEquals(4, f.n02());
        assertEquals(5, f.n00());
        assertEquals(6, f.pairsFirst());
        assertEquals(6, f.pairsSecond());
        assertEquals(36.0 / 15, f.expectedN22(), 1e-15);
        assertEquals(2 / 2.4, f.ratio(), 1e-15);
        assertEquals(Math.exp(-2.4) * (1 + 2.4 + 2.4 * 2.4 / 2), f.poissonP(), 1e-14);
        final G2 x = st.crossWindow();
        assertEquals(6, x.singlesA());
        assertEquals(7, x.singlesB());
        assertEquals(3, x.coincidences());
        assertEquals(45.0 / 42, x.value(), 1e-15);
    }

    @Test
    void fourfoldAboveExpectationUsesTheUpperTail() {
        final TrialFrames t = new TrialFrames(L);
        repeat(t, 0b1111, 5);
        repeat(t, 0, 5);
        final Fourfold f = stats(t).fourfold();
        assertEquals(2.5, f.expectedN22(), 1e-15);
        double below = 0;
        for (int k = 0; k < 5; k++) {
            below += Math.exp(-2.5) * Math.pow(2.5, k) / factorial(k);
        }
        assertEquals(1 - below, f.poissonP(), 1e-14);
    }

    @Test
    void poissonTails() {
        for (final double mean : new double[] {1e-3, 0.5, 2.4, 17, 300}) {
            double cdf = 0;
            for (int k = 0; k < 60; k++) {
                cdf += Math.exp(-mean + k * Math.log(mean) - Poisson.logFactorial(k));
                assertEquals(cdf, Poisson.cdf(k, mean), 1e-12 + 1e-10 * cdf, "cdf mean " + mean + " k " + k);
                assertEquals(1 - cdf, Poisson.upperTail(k + 1, mean), 1e-10 * Math.max(1e-300, 1 - cdf) + 1e-13,
                    "tail mean " + mean + " k " + k);
            }
        }
        // n22 = 0 in a long run with 50 expected: the paper's kind of number
        assertEquals(Math.exp(-50), Poisson.tailOnSideOf(0, 50), 1e-30);
        // far upper tail stays accurate where 1 - cdf would be 0
        assertEquals(Math.exp(-1 + -Poisson.logFactorial(40)) * (1 + 1.0 / 41), Poisson.upperTail(40, 1.0), 1e-3 * Poisson.upperTail(40, 1.0));
        assertEquals(Poisson.logFactorial(300), logFactorialBySum(300), 1e-9);
    }

    @Test
    void accountingComesFromTheFrameCounters() {
        final TrialFrames t = new TrialFrames(L);
        t.trial(0).trial(0).tags(7, 3, 2, 1).syncDropped(4);
        final Accounting a = stats(t).accounting();
        assertEquals(2, a.syncs());
        assertEquals(4, a.syncDropped());
        assertEquals(7, a.inWindow());
        assertEquals(3, a.outside());
        assertEquals(2, a.beforeFirstSync());
        assertEquals(1, a.otherChannel());
        assertEquals(0, a.outOfOrder());
        assertEquals(19, a.tags());
        assertEquals(6, a.tagsSync());
        assertTrue(a.balanced());
    }

    @Test
    void fewerThanTwoWindowsHasNoFourfold() {
        final PgMap.FrameLayout l = new PgMap.FrameLayout(1, 2, 1, 4);
        final RunStatistics st = Statistics.compute(new TrialFrames(l).trial(3, 0, 0).sum(), 1, 1, new long[] {4});
        assertNull(st.fourfold());
        assertNull(st.crossWindow());
    }

    private static void repeat(final TrialFrames t, final int pattern, final int times) {
        for (int i = 0; i < times; i++) {
            t.trial(pattern);
        }
    }

    private static double factorial(final int k) {
        double f = 1;
        for (int i = 2; i <= k; i++) {
            f *= i;
        }
        return f;
    }

    private static double logFactorialBySum(final int k) {
        double s = 0;
        for (int i = 2; i <= k; i++) {
            s += Math.log(i);
        }
        return s;
    }
}
