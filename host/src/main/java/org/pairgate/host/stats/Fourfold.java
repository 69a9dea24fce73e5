package org.pairgate.host.stats;

/**
 * The fourfold table of two windows (physics.md, Fig. 4a): each trial classifies each of the two
 * windows as pair (detectors 0 and 1 both clicked), zero (no detector clicked) or single (the
 * rest), and pairs in both windows are compared with their expectation under independence.
 *
 * @param n22         trials with a pair in both windows
 * @param n20         pair in the first window, zero in the second
 * @param n02         zero in the first, pair in the second
 * @param n00         zero in both
 * @param pairsFirst  n_2··, trials with a pair in the first window (whatever the second holds)
 * @param pairsSecond n_·2, trials with a pair in the second window
 * @param expectedN22 n_2···n_·2 / N, 0 when N = 0
 * @param poissonP    P(X ≤ n22) when n22 is at or below the expectation, else P(X ≥ n22), X ~ Poisson(expectedN22)
 * @param ratio       n22 / expectedN22, NaN when the expectation is 0
 */
public record Fourfold(long n22, long n20, long n02, long n00, long pairsFirst, long pairsSecond,
    double expectedN22, double poissonP, double ratio) {
}
