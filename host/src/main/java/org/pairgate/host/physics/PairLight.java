package org.pairgate.host.physics;

import java.util.SplittableRandom;

/**
 * The state the preparation pulse creates with red and blue pump at once:
 * |00> + √(p_b(1−p_r))|11> + √(p_b p_r)(|20>+|02>)/√2 (photons, phonons). Photons leave with the
 * preparation pulse; each phonon survives to the measurement pulse with e^(−Δ/t_l) and is read out
 * with p_meas. A photon gives a tag with η, a phonon with y = p_meas·e^(−Δ/t_l)·η, independently.
 *
 * <p>Photon-number g2 of either pulse: ⟨n(n−1)⟩/⟨n⟩² = p_b·p_r/p_b² = p_r/p_b, unchanged by loss;
 * and a pair in one pulse (|20> or |02>) leaves the other pulse empty, the repulsion the fourfold
 * table shows.
 */
final class PairLight implements Light {
    /** Photons and phonons of the states |11>, |20>, |02>. */
    private static final int[] PHOTONS = {1, 2, 0};
    private static final int[] PHONONS = {1, 0, 2};

    private final double[] stateProbability;
    private final Arrival preTime;
    private final Arrival measTime;
    private final Detection detection;
    private final double readout;
    private final double[] anyGivenState = new double[3];
    private final double pAny;

    PairLight(final ExperimentModel m, final Arrival preTime, final Arrival measTime, final Detection detection) {
        this.stateProbability = new double[] {m.pB() * (1 - m.pR()), 0.5 * m.pB() * m.pR(), 0.5 * m.pB() * m.pR()};
        this.preTime = preTime;
        this.measTime = measTime;
        this.detection = detection;
        this.readout = m.pMeas() * m.survival();
        final double eta = detection.efficiency;
        double any = 0;
        for (int s = 0; s < 3; s++) {
            anyGivenState[s] = 1 - Math.pow(1 - eta, PHOTONS[s]) * Math.pow(1 - readout * eta, PHONONS[s]);
            any += stateProbability[s] * anyGivenState[s];
        }
        this.pAny = any;
    }

    @Override
    public double probabilityAny() {
        return pAny;
    }

    @Override
    public void sampleGivenAny(final SplittableRandom random, final TrialTags out) {
        double u = random.nextDouble() * pAny;
        int s = 0;
        while (s < 2 && u >= stateProbability[s] * anyGivenState[s]) {
            u -= stateProbability[s] * anyGivenState[s];
            s++;
        }
        final int n = PHOTONS[s] + PHONONS[s];
        final double[] q = new double[n];
        for (int i = 0; i < n; i++) {
            q[i] = i < PHOTONS[s] ? detection.efficiency : readout * detection.efficiency;
        }
        final boolean[] hit = Detection.atLeastOne(q, random);
        for (int i = 0; i < n; i++) {
            if (hit[i]) {
                detection.place(i < PHOTONS[s] ? preTime : measTime, random, out);
            }
        }
    }

    @Override
    public double probabilityNone(final Region[] regions) {
        final double x = detection.hit(preTime, regions);
        final double z = readout * detection.hit(measTime, regions);
        double none = 1 - stateProbability[0] - stateProbability[1] - stateProbability[2];
        for (int s = 0; s < 3; s++) {
            none += stateProbability[s] * Math.pow(1 - x, PHOTONS[s]) * Math.pow(1 - z, PHONONS[s]);
        }
        return none;
    }

    @Override
    public double meanTags(final Region region) {
        final Region[] r = {region};
        double photons = 0;
        double phonons = 0;
        for (int s = 0; s < 3; s++) {
            photons += stateProbability[s] * PHOTONS[s];
            phonons += stateProbability[s] * PHONONS[s];
        }
        return photons * detection.hit(preTime, r) + phonons * readout * detection.hit(measTime, r);
    }
}
