package org.pairgate.host.physics;

import java.util.SplittableRandom;

/**
 * Dark counts: a Poisson process of the same rate on each detector over [0, span) after every
 * sync (the simulator records no dark counts later in the 2 ms trial: they would only add tags
 * outside every window; docs/simulator.md).
 */
final class DarkLight implements Light {
    private final double ratePerPs;
    private final long span;
    private final double mean;
    private final double pAny;

    DarkLight(final double ratePerPs, final long spanPs) {
        this.ratePerPs = ratePerPs;
        this.span = spanPs;
        this.mean = 2 * ratePerPs * spanPs;
        this.pAny = -Math.expm1(-mean);
    }

    @Override
    public double probabilityAny() {
        return pAny;
    }

    @Override
    public void sampleGivenAny(final SplittableRandom random, final TrialTags out) {
        double p = mean * Math.exp(-mean); // P(1)
        double u = random.nextDouble() * pAny;
        int n = 1;
        while (u > p && n < 10_000) {
            u -= p;
            p *= mean / (n + 1);
            n++;
        }
        for (int i = 0; i < n; i++) {
            out.add(random.nextDouble() * span, random.nextInt(2));
        }
    }

    @Override
    public double probabilityNone(final Region[] regions) {
        double exposed = 0;
        for (final Region r : regions) {
            exposed += Math.max(0, Math.min(r.end(), span) - Math.max(r.start(), 0));
        }
        return Math.exp(-ratePerPs * exposed);
    }

    @Override
    public double meanTags(final Region region) {
        return ratePerPs * Math.max(0, Math.min(region.end(), span) - Math.max(region.start(), 0));
    }
}
