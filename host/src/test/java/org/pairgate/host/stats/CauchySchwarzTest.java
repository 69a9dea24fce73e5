package org.pairgate.host.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CauchySchwarzTest {
    @Test
    void reproducesThePapersWorkedNumbers() {
        // physics.md: 4.8 ± 0.4 against g_r = 1.88, g_b = 1.90 gives ≈ 4.9σ (bound 2.835)
        final CauchySchwarz.Verdict v = CauchySchwarz.test(4.8, 0.4, 1.88, 0.42, 1.90, 0.24);
        assertEquals(2.835, v.paperBound(), 5e-4);
        assertEquals(v.paperBound(), v.maxBound(), 1e-3, "g_r ≈ g_b: the maximum is ≈ (3/2)√(g_r g_b)");
        assertEquals(4.9, v.violationSigmaPaper(), 0.05);
        assertTrue(v.violated());
        // with the bound's error the significance can only fall
        assertTrue(v.violationSigma() < v.violationSigmaPaper());
        assertTrue(v.sigmaBound() > 0);
    }

    @Test
    void theMaximumOverEtaIsTheMaximumOfTheBound() {
        final double[][] cases = {{1.88, 1.90}, {2.0, 2.0}, {1.2, 3.0}, {3.0, 1.2}, {1.0, 1.0}, {0.5, 4.0}};
        for (final double[] c : cases) {
            double brute = 0;
            for (double eta = 0; eta < 200; eta += 1e-3) {
                brute = Math.max(brute, CauchySchwarz.bound(eta, c[0], c[1]));
            }
            brute = Math.max(brute, c[0]); // η → ∞
            assertEquals(brute, CauchySchwarz.maxBound(c[0], c[1]), 1e-4, c[0] + ", " + c[1]);
            assertEquals(CauchySchwarz.maxBound(c[0], c[1]),
                Double.isInfinite(CauchySchwarz.etaAtMax(c[0], c[1])) ? c[0] : CauchySchwarz.bound(CauchySchwarz.etaAtMax(c[0], c[1]), c[0], c[1]), 1e-9);
        }
        assertEquals(3.0, CauchySchwarz.maxBound(2, 2), 1e-12);
        assertEquals(1.0, CauchySchwarz.etaAtMax(2, 2), 1e-12);
    }

    @Test
    void theTwoModeRatio() {
        final G2 cross = G2.of(1_000_000, 10_000, 10_000, 300);
        final G2 a = G2.of(1_000_000, 10_000, 10_000, 200);
        final G2 b = G2.of(1_000_000, 10_000, 10_000, 150);
        final double[] r = CauchySchwarz.twoModeRatio(cross, a, b);
        assertEquals(3.0 * 3.0 / (2.0 * 1.5), r[0], 1e-9);
        assertTrue(r[1] > 0 && r[1] < r[0]);
    }

    @Test
    void conditionedStatisticsCountOnlyTheHeraldedTrials() {
        final long[] patterns = new long[16];
        // pre bits 0,1; meas bits 2,3
        patterns[0] = 1000;            // nothing
        patterns[0b0011] = 10;         // pair in pre, meas empty
        patterns[0b1100] = 5;          // pair in meas, pre empty
        patterns[0b0100] = 40;         // meas d0 only
        patterns[0b1000] = 50;         // meas d1 only
        patterns[0b0111] = 2;          // pair in pre, meas d0
        final G2 givenZero = Conditioned.g2(patterns, 0, Conditioned.Herald.ZERO, 1);
        assertEquals(1095, givenZero.trials());
        assertEquals(45, givenZero.singlesA());
        assertEquals(55, givenZero.singlesB());
        assertEquals(5, givenZero.coincidences());
        final G2 givenPair = Conditioned.g2(patterns, 0, Conditioned.Herald.PAIR, 1);
        assertEquals(12, givenPair.trials());
        assertEquals(2, givenPair.singlesA());
        assertEquals(0, givenPair.coincidences());
        final G2 preGivenAny = Conditioned.g2(patterns, 1, Conditioned.Herald.ANY, 0);
        assertEquals(97, preGivenAny.trials());
        assertEquals(2, preGivenAny.coincidences());
    }
}
