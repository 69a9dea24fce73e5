package org.pairgate.host.stats;

/**
 * g2(ΔN) normalised by the side peaks: the coincidence rate at ΔN over the mean rate of the side
 * peaks 1 ≤ |ΔN'| ≤ K ({@link SideNormalisation}).
 *
 * @param dn           trial distance, as in {@link DnPoint}
 * @param coincidences C(ΔN)
 * @param value        g2_side(ΔN); 0 when C(ΔN) = 0, NaN when every side peak is empty
 * @param sigma        its standard error; NaN when C(ΔN) = 0 or the value is NaN
 */
public record SidePoint(int dn, long coincidences, double value, double sigma) {

    /** False when no standard error is defined (C(ΔN) = 0 or no side-peak counts). */
    public boolean hasSigma() {
        return !Double.isNaN(sigma);
    }
}
