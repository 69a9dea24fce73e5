package org.pairgate.host.physics;

import java.util.SplittableRandom;

/**
 * The two-mode squeezed state of the blue pump alone: n photon–phonon pairs with the thermal law
 * P(n) = m^n/(1+m)^(n+1), m = p_b. Each marginal is thermal (g2 = 2); photons leave with the
 * preparation pulse, phonons are read out as in {@link PairLight}. With the generating function
 * E[z^n] = 1/(1 + m(1 − z)): P(no tag in regions) = 1/(1 + m(1 − (1−x)(1−z))).
 */
final class ThermalPairLight implements Light {
    private static final int MAX_PAIRS = 200;

    private final double mean;
    private final Arrival preTime;
    private final Arrival measTime;
    private final Detection detection;
    private final double readout;
    private final double pAny;

    ThermalPairLight(final ExperimentModel m, final Arrival preTime, final Arrival measTime, final Detection detection) {
        this.mean = m.pB();
        this.preTime = preTime;
        this.measTime = measTime;
        this.detection = detection;
        this.readout = m.pMeas() * m.survival();
        this.pAny = 1 - none(detection.efficiency, readout * detection.efficiency);
    }

    private double none(final double x, final double z) {
        return 1 / (1 + mean * (1 - (1 - x) * (1 - z)));
    }

    @Override
    public double probabilityAny() {
        return pAny;
    }

    @Override
    public void sampleGivenAny(final SplittableRandom random, final TrialTags out) {
        final double eta = detection.efficiency;
        final double y = readout * eta;
        final double c = (1 - eta) * (1 - y);
        final double ratio = mean / (1 + mean);
        double pn = 1 / (1 + mean) * ratio; // P(n = 1)
        double cn = c;
        double u = random.nextDouble() * pAny;
        int n = 1;
        while (n < MAX_PAIRS && u > pn * (1 - cn)) {
            u -= pn * (1 - cn);
            pn *= ratio;
            cn *= c;
            n++;
        }
        final double[] q = new double[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            q[i] = i < n ? eta : y;
        }
        final boolean[] hit = Detection.atLeastOne(q, random);
        for (int i = 0; i < 2 * n; i++) {
            if (hit[i]) {
                detection.place(i < n ? preTime : measTime, random, out);
            }
        }
    }

    @Override
    public double probabilityNone(final Region[] regions) {
        return none(detection.hit(preTime, regions), readout * detection.hit(measTime, regions));
    }

    @Override
    public double meanTags(final Region region) {
        final Region[] r = {region};
        return mean * (detection.hit(preTime, r) + readout * detection.hit(measTime, r));
    }
}
