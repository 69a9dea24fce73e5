package org.pairgate.host.physics;

import java.util.SplittableRandom;

/**
 * Multimode thermal noise of one pulse: photon number negative binomial with mean μ and shape
 * k = 1/(g − 1) (Poisson given a Gamma intensity), so its autocorrelation is g whatever the loss.
 * Thinning by the detection chain keeps the law with mean ημ; given the intensity the two
 * detectors see independent Poisson counts, hence P(no tag in regions) = (1 + μ·x/k)^(−k) with x
 * the probability that one photon gives a tag there.
 */
final class NoiseLight implements Light {
    private final double mean;
    private final double shape;
    private final Arrival time;
    private final Detection detection;
    private final double detectedMean;
    private final double pAny;

    NoiseLight(final double meanPhotons, final double g, final Arrival time, final Detection detection) {
        this.mean = meanPhotons;
        this.shape = 1.0 / (g - 1.0);
        this.time = time;
        this.detection = detection;
        this.detectedMean = detection.efficiency * meanPhotons;
        this.pAny = -Math.expm1(-shape * Math.log1p(detectedMean / shape));
    }

    @Override
    public double probabilityAny() {
        return pAny;
    }

    @Override
    public void sampleGivenAny(final SplittableRandom random, final TrialTags out) {
        // inversion of the negative binomial truncated to n >= 1: P(n+1) = P(n)·(n+k)/(n+1)·r
        final double r = detectedMean / (detectedMean + shape);
        double p = shape * r * Math.exp(shape * Math.log1p(-r)); // P(1)
        double u = random.nextDouble() * pAny;
        int n = 1;
        while (u > p && n < 10_000) {
            u -= p;
            p *= (n + shape) / (n + 1) * r;
            n++;
        }
        for (int i = 0; i < n; i++) {
            detection.place(time, random, out);
        }
    }

    @Override
    public double probabilityNone(final Region[] regions) {
        final double x = detection.hit(time, regions);
        return Math.exp(-shape * Math.log1p(mean * x / shape));
    }

    @Override
    public double meanTags(final Region region) {
        return mean * detection.hit(time, new Region[] {region});
    }
}
