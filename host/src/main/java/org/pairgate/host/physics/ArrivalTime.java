package org.pairgate.host.physics;

import java.util.SplittableRandom;

import org.hipparchus.special.Erf;

/**
 * When a photon of one kind of light leaves the device, relative to the sync: CDF F(t)^q with F
 * the CDF of a Gaussian pulse envelope. q = 1 is light emitted with the envelope (the readout of
 * a phonon, scattering of the pump); q &gt; 1 is emission that grows during the pulse (prompt
 * heating: the density q·f·F^(q−1) is the envelope weighted by the pulse energy already absorbed).
 * For integer q it is the law of the latest of q envelope draws.
 *
 * <p>{@link #probability} includes the detector's Gaussian timing jitter: exactly (a Gaussian
 * convolved with a Gaussian) for q = 1, by quadrature over the jitter otherwise.
 */
final class ArrivalTime implements Arrival {
    private static final double SQRT2 = Math.sqrt(2.0);
    /** Quadrature nodes over the jitter, ±6σ (the jitter is tens of ps, the envelopes tens of ns). */
    private static final int NODES = 121;

    private final double centre;
    private final double sigma;
    private final double power;

    ArrivalTime(final double centrePs, final double sigmaPs, final double power) {
        this.centre = centrePs;
        this.sigma = sigmaPs;
        this.power = power;
    }

    static double phi(final double z) {
        return 0.5 * Erf.erfc(-z / SQRT2);
    }

    /** P(T ≤ t), without jitter. */
    double cdf(final double t) {
        final double f = phi((t - centre) / sigma);
        return power == 1.0 ? f : Math.pow(f, power);
    }

    @Override
    public double sample(final SplittableRandom random) {
        return draw(random);
    }

    /** A draw of T by inversion: t = c + σ·Φ⁻¹(U^(1/q)). */
    double draw(final SplittableRandom random) {
        double u = random.nextDouble();
        if (power != 1.0) {
            u = Math.pow(u, 1.0 / power);
        }
        u = Math.min(Math.max(u, 1e-300), 1 - 1e-16);
        return centre + sigma * NormalQuantile.of(u);
    }

    /** P(T + J ∈ [start, end)), J ~ N(0, jitter²). */
    @Override
    public double probability(final double start, final double end, final double jitterSigma) {
        if (end <= start) {
            return 0.0;
        }
        if (jitterSigma == 0) {
            return cdf(end) - cdf(start);
        }
        if (power == 1.0) {
            final double s = Math.sqrt(sigma * sigma + jitterSigma * jitterSigma);
            return phi((end - centre) / s) - phi((start - centre) / s);
        }
        // Simpson over J in ±6σ_J with the normal density
        double sum = 0;
        final double h = 12.0 * jitterSigma / (NODES - 1);
        for (int i = 0; i < NODES; i++) {
            final double j = -6.0 * jitterSigma + i * h;
            final double w = (i == 0 || i == NODES - 1) ? 1 : (i % 2 == 1 ? 4 : 2);
            final double density = Math.exp(-0.5 * (j / jitterSigma) * (j / jitterSigma)) / (jitterSigma * Math.sqrt(2 * Math.PI));
            sum += w * density * (cdf(end - j) - cdf(start - j));
        }
        return sum * h / 3.0;
    }
}
