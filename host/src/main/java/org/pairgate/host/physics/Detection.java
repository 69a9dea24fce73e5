package org.pairgate.host.physics;

import java.util.SplittableRandom;

/**
 * The detection chain every photon goes through: overall efficiency η, a beam splitter that sends
 * it to detector 0 or 1 with shares (1 ± imbalance)/2, and Gaussian timing jitter.
 */
final class Detection {
    final double efficiency;
    final double share0;
    final double jitterSigma;

    Detection(final ExperimentModel m) {
        this.efficiency = m.efficiency();
        this.share0 = m.detectorShare(0);
        this.jitterSigma = m.jitterSigmaPs();
    }

    /** P(a photon emitted with {@code time} gives a tag in one of the regions), counting detection. */
    double hit(final Arrival time, final Region[] regions) {
        double x = 0;
        for (final Region r : regions) {
            final double share = r.detector() == 0 ? share0 : 1 - share0;
            x += efficiency * share * time.probability(r.start(), r.end(), jitterSigma);
        }
        return x;
    }

    /** Adds the tag of a photon known to be detected. */
    void place(final Arrival time, final SplittableRandom random, final TrialTags out) {
        final int d = random.nextDouble() < share0 ? 0 : 1;
        double t = time.sample(random);
        if (jitterSigma > 0) {
            t += jitterSigma * gaussian(random);
        }
        out.add(t, d);
    }

    static double gaussian(final SplittableRandom random) {
        // Box–Muller, one of the pair (simplicity over speed: detected photons are rare)
        final double u = 1.0 - random.nextDouble();
        final double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /**
     * Samples which of n independent Bernoulli events happen, conditioned on at least one
     * happening, exactly and in one pass: while none has happened yet, event i happens with
     * q_i / P(any of i..n−1).
     */
    static boolean[] atLeastOne(final double[] q, final SplittableRandom random) {
        final int n = q.length;
        final double[] noneFrom = new double[n + 1];
        noneFrom[n] = 1.0;
        for (int i = n - 1; i >= 0; i--) {
            noneFrom[i] = noneFrom[i + 1] * (1 - q[i]);
        }
        final boolean[] hit = new boolean[n];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            final double p = any ? q[i] : q[i] / (1 - noneFrom[i]);
            hit[i] = random.nextDouble() < p;
            any |= hit[i];
        }
        return hit;
    }
}
