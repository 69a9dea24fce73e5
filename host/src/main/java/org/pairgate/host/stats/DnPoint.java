package org.pairgate.host.stats;

/**
 * g2 of two clicks ΔN trials apart.
 *
 * @param dn trial distance: positive when detector 1's trial is the later one, negative when it is the earlier
 * @param g2 the estimate (for ΔN = 0 the same-trial g2(0))
 */
public record DnPoint(int dn, G2 g2) {
}
