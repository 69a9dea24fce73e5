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
 */
public record WindowStatistics(int index, long[] singles, List<DnPoint> g2ByDn, List<GatePoint> g2VsGate) {

    public WindowStatistics {
        singles = singles.clone();
        g2ByDn = List.copyOf(g2ByDn);
        g2VsGate = List.copyOf(g2VsGate);
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
}
