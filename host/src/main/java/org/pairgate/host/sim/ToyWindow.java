package org.pairgate.host.sim;

/**
 * What happens in one window of a {@link ToyModel} trial, independently of every other window
 * and trial.
 *
 * <ul>
 *   <li>With probability {@code pairProbability} a pair event: both detectors get a photon, each
 *   at its own time drawn from an exponential of mean {@code pairDecayPs} truncated to the window
 *   (so g2 depends on the gate length).</li>
 *   <li>Independently, detector d gets a background photon with probability
 *   {@code singleProbability[d]}, uniform in the window.</li>
 * </ul>
 *
 * @param startPs           window start after the sync
 * @param lengthPs          window length
 * @param pairProbability   q, probability of a pair event per trial
 * @param singleProbability0 s_0, background photon probability of detector 0
 * @param singleProbability1 s_1, background photon probability of detector 1
 * @param pairDecayPs       τ, decay constant of the pair photons' arrival times
 */
public record ToyWindow(long startPs, long lengthPs, double pairProbability, double singleProbability0,
    double singleProbability1, double pairDecayPs) {

    public ToyWindow {
        if (lengthPs < 1 || startPs < 0) {
            throw new IllegalArgumentException("window needs start >= 0 and length >= 1 ps");
        }
        for (final double p : new double[] {pairProbability, singleProbability0, singleProbability1}) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("probability outside [0, 1]: " + p);
            }
        }
        if (!(pairDecayPs > 0)) {
            throw new IllegalArgumentException("pair decay must be positive: " + pairDecayPs);
        }
    }

    public long endPs() {
        return startPs + lengthPs;
    }

    public double singleProbability(final int d) {
        return d == 0 ? singleProbability0 : singleProbability1;
    }

    /**
     * F(g) = P(pair photon earlier than g after the start) = (1 − e^(−g/τ)) / (1 − e^(−L/τ)).
     * Exact for integer g: the source floors a continuous time t, and floor(t) &lt; g ⇔ t &lt; g.
     */
    public double pairArrivalCdf(final long gatePs) {
        final long g = Math.min(Math.max(gatePs, 0), lengthPs);
        return -Math.expm1(-g / pairDecayPs) / -Math.expm1(-lengthPs / pairDecayPs);
    }
}
