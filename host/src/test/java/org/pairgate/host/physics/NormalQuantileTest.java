package org.pairgate.host.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hipparchus.special.Erf;
import org.junit.jupiter.api.Test;

/**
 * AS 241 against Hipparchus' inverse erfc where that is accurate, and against the normal CDF it
 * inverts everywhere. Far in the tails Hipparchus' erfcInv is the less accurate of the two (at
 * p = 10⁻¹² it is 4·10⁻⁷ off the true −7.0344838253, which AS 241 gives), so the tails are
 * checked by inverting Φ (erfc) instead.
 */
class NormalQuantileTest {
    @Test
    void agreesWithHipparchusOutsideTheFarTails() {
        for (int i = 1; i < 100_000; i++) {
            final double p = i / 100_000.0;
            final double expected = -Math.sqrt(2) * Erf.erfcInv(2 * p);
            assertEquals(expected, NormalQuantile.of(p), 1e-12 * Math.max(1, Math.abs(expected)), "p = " + p);
        }
        for (int e = 6; e <= 8; e++) {
            final double p = Math.pow(10, -e);
            final double expected = -Math.sqrt(2) * Erf.erfcInv(2 * p);
            assertEquals(expected, NormalQuantile.of(p), 1e-9 * Math.abs(expected), "p = 1e-" + e);
        }
    }

    @Test
    void invertsTheNormalCdfIntoTheFarTails() {
        assertEquals(-6.3613409024040557, NormalQuantile.of(1e-10), 1e-14);
        assertEquals(-7.0344838253011313, NormalQuantile.of(1e-12), 1e-13);
        for (double z = -37; z <= 0; z += 0.25) {
            assertEquals(z, NormalQuantile.of(ArrivalTime.phi(z)), 1e-12 * Math.max(1, Math.abs(z)), "z = " + z);
        }
        // the upper tail only to z = 4: beyond, p = Φ(z) rounds to 1 − O(10⁻¹⁶) and z is no longer determined
        for (final double z : new double[] {0.3, 1.7, 4}) {
            assertEquals(z, NormalQuantile.of(ArrivalTime.phi(z)), 1e-9, "z = " + z);
            assertEquals(-NormalQuantile.of(ArrivalTime.phi(-z)), NormalQuantile.of(ArrivalTime.phi(z)), 1e-9, "symmetry at " + z);
        }
        assertEquals(0.0, NormalQuantile.of(0.5), 0.0);
        assertTrue(NormalQuantile.of(0) == Double.NEGATIVE_INFINITY && NormalQuantile.of(1) == Double.POSITIVE_INFINITY);
        assertTrue(Double.isNaN(NormalQuantile.of(-0.1)) && Double.isNaN(NormalQuantile.of(Double.NaN)));
    }
}
