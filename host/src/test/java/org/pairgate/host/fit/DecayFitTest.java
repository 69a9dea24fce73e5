package org.pairgate.host.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The fits recover known time constants from synthetic data within their standard errors. */
class DecayFitTest {
    private static double gaussian(final SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Test
    void singleExponentialRecoversItsTimeConstant() {
        // g2 versus gate length: 2 + 6 e^(−τ/15 ns), σ growing like the noise of a ratio of small counts
        final SplittableRandom random = new SplittableRandom(1);
        int within = 0;
        final int repeats = 200;
        double pull2 = 0;
        for (int rep = 0; rep < repeats; rep++) {
            final int n = 40;
            final double[] x = new double[n];
            final double[] y = new double[n];
            final double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = 2 + 2.5 * i;
                final double truth = 2 + 6 * Math.exp(-x[i] / 15);
                s[i] = 0.05 * truth + 0.1;
                y[i] = truth + s[i] * gaussian(random);
            }
            final FitResult f = DecayFit.single(x, y, s);
            final double pull = (f.timeConstant(0) - 15) / f.timeConstantError(0);
            pull2 += pull * pull;
            if (Math.abs(pull) < 1) {
                within++;
            }
        }
        // a calibrated standard error: ≈ 68 % of fits within 1σ, pulls of unit variance
        assertEquals(0.68, within / (double) repeats, 0.1);
        assertEquals(1.0, pull2 / repeats, 0.3);
    }

    @Test
    void bandsWidenWithLevelAndPrediction() {
        final SplittableRandom random = new SplittableRandom(2);
        final int n = 12;
        final double[] x = new double[n];
        final double[] y = new double[n];
        final double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 30 + 50 * i;
            final double truth = 2 + 1.5 * Math.exp(-x[i] / 132);
            s[i] = 0.1;
            y[i] = truth + s[i] * gaussian(random);
        }
        final FitResult f = DecayFit.single(x, y, s);
        assertTrue(Math.abs(f.timeConstant(0) - 132) < 3 * f.timeConstantError(0), f.timeConstant(0) + " ± " + f.timeConstantError(0));
        for (final double xv : new double[] {30, 150, 400}) {
            final double c75 = f.band(xv, 0.75, false);
            final double c99 = f.band(xv, 0.99, false);
            final double p75 = f.band(xv, 0.75, true);
            assertTrue(c75 > 0 && c99 > c75 && p75 > c75, "bands at " + xv);
            assertTrue(p75 > 0.1 * 1.0, "prediction band holds the point's own σ");
        }
        assertEquals(f.offset() + f.amplitude(0) * Math.exp(-100 / f.timeConstant(0)), f.value(100), 1e-12);
    }

    @Test
    void twoTermFitRecoversTheMechanicalDecayAndTheHeatingRise() {
        // pump–probe: counts = base + (S + H) e^(−Δ/t_l) − H e^(−Δ/t_s), t_l = 1.46 µs, t_s = 0.22 µs
        final SplittableRandom random = new SplittableRandom(3);
        final double[] x = {0, 50, 100, 150, 200, 300, 400, 500, 700, 900, 1200, 1500, 2000, 2500, 3000, 4000, 5000, 6000};
        final double[] y = new double[x.length];
        final double[] s = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            final double truth = 1.0 + 3.0 * Math.exp(-x[i] / 1460) - 1.2 * Math.exp(-x[i] / 220);
            s[i] = 0.01 * truth;
            y[i] = truth + s[i] * gaussian(random);
        }
        final FitResult f = DecayFit.twoTerm(x, y, s, 1500, 200);
        final int slow = f.timeConstant(0) > f.timeConstant(1) ? 0 : 1;
        assertEquals(1460, f.timeConstant(slow), 3 * f.timeConstantError(slow));
        assertEquals(220, f.timeConstant(1 - slow), 3 * f.timeConstantError(1 - slow));
        assertTrue(f.reducedChiSquare() < 3);
    }
}
