package org.pairgate.host.stats;

/**
 * g2(0) with the window cut to its first {@code gateTicks} ticks (a click counts when the first
 * tag of that detector in the window is earlier than start + gate).
 *
 * @param bin       the last arrival-histogram bin included
 * @param gateTicks the gate, (bin + 1)·bin_ticks, at most the window length
 * @param g2        the estimate
 */
public record GatePoint(int bin, long gateTicks, G2 g2) {
}
