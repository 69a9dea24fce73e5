package org.pairgate.host.stats;

import java.util.List;

/**
 * What one window yields: the singles of every detector, and for the HBT pair (detectors 0 and
 * 1) g2 versus trial distance and versus gate length.
 *
 * @param index    the window's position in the configuration
 * @param singles  trials with a click of detector d in this window, by d
 * @param g2ByDn   g2(ΔN) for ΔN = −K..K (index ΔN + K), the HBT pair
 * @param g2VsGate g2(0, gate) for every arrival bin up to the one that covers the window
 * @param g2Side   g2_side(ΔN) for ΔN = −K..K, normalised by the side peaks ({@link SideNormalisation}); empty when K = 0
 * @param stationarity the χ² test of the singles per block ({@link Stationarity})
 */
public record WindowStatistics(int index, long[] singles, List<DnPoint> g2ByDn, List<GatePoint> g2VsGate,
    List<SidePoint> g2Side, Stationarity stationarity) {
    /** |mean g2(ΔN ≠ 0) − 1| above this many σ says the plain normalisation is off. */
    public static final double SIDE_MEAN_SIGMAS = 5.0;

    public WindowStatistics {
        singles = singles.clone();
        g2ByDn = List.copyOf(g2ByDn);
        g2VsGate = List.copyOf(g2VsGate);
        g2Side = List.copyOf(g2Side);
    }

    @Override
    public long[] singles() {
        return singles.clone();
    }

    /** Largest |ΔN| reported. */
    public int maxDn() {
        return (g2ByDn.size() - 1) / 2;
    }

    /** g2(ΔN) for −K ≤ ΔN ≤ K. */
    public G2 g2(final int dn) {
        return g2ByDn.get(dn + maxDn()).g2();
    }

    /** Same-trial g2(0) of the HBT pair. */
    public G2 g2Zero() {
        return g2(0);
    }

    /** g2_side(ΔN), or null when K = 0. */
    public SidePoint g2Side(final int dn) {
        return g2Side.isEmpty() ? null : g2Side.get(dn + maxDn());
    }

    /**
     * The plain mean of g2(ΔN) over 1 ≤ |ΔN| ≤ K with its σ: √(Σ σ²)/2K when every point has a σ,
     * else (some C = 0) the Poisson σ of the pooled count, mean/√(Σ C). Null when K = 0 or no side
     * coincidence was counted. For independent trials of a constant-rate source the mean is 1.
     */
    public SideMean sideMean() {
        final int k = maxDn();
        if (k < 1) {
            return null;
        }
        double sum = 0;
        double var = 0;
        long coincidences = 0;
        boolean allSigma = true;
        for (final DnPoint p : g2ByDn) {
            if (p.dn() != 0) {
                sum += p.g2().value();
                coincidences += p.g2().coincidences();
                allSigma &= p.g2().hasSigma();
                var += p.g2().hasSigma() ? p.g2().sigma() * p.g2().sigma() : 0;
            }
        }
        if (coincidences == 0) {
            return null;
        }
        final double mean = sum / (2 * k);
        final double sigma = allSigma ? Math.sqrt(var) / (2 * k) : mean / Math.sqrt(coincidences);
        return new SideMean(mean, sigma);
    }

    /**
     * True when the plain g2 = N·C/(S_a·S_b) of this window should not be read: the singles are not
     * stationary, or the mean of g2(ΔN ≠ 0) is more than {@link #SIDE_MEAN_SIGMAS} σ from 1.
     */
    public boolean plainNormalisationSuspect() {
        final SideMean m = sideMean();
        final boolean sidesOff = m != null && m.sigma() > 0 && Math.abs(m.value() - 1) > SIDE_MEAN_SIGMAS * m.sigma();
        return sidesOff || Boolean.FALSE.equals(stationarity.stationary());
    }

    /** Mean of g2(ΔN ≠ 0) and its σ. */
    public record SideMean(double value, double sigma) {
        /** |value − 1| / σ. */
        public double sigmasFromOne() {
            return Math.abs(value - 1) / sigma;
        }
    }
}
