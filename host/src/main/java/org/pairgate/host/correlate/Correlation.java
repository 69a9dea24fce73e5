package org.pairgate.host.correlate;

/**
 * A finished correlation histogram: bin i counts pairs with
 * {@code −R + i·W <= t_B − t_A < −R + (i+1)·W} (R, W in ticks of {@code resolutionPs}).
 *
 * <h2>Normalisation to g2(τ)</h2>
 * For uncorrelated (Poissonian) channels with N_A and N_B tags spread over a span T, a bin of
 * width W expects {@code N_A·N_B·W / T} pairs; {@link #g2()} divides the counts by that, so
 * uncorrelated light gives 1. T is the span of the whole stream (first to last tag, any channel).
 * For A = B the pairs are ordered pairs of distinct tags, so the expectation is
 * {@code N·(N−1)·W / T}. The estimate neglects edge effects (pairs that would straddle the start or
 * end of the file), a relative error of about R / T.
 *
 * @param channelA     start channel
 * @param channelB     stop channel
 * @param rangeTicks   R
 * @param binTicks     W
 * @param resolutionPs picoseconds per tick
 * @param counts       2R/W bins
 * @param tagsA        tags seen on A
 * @param tagsB        tags seen on B
 * @param spanTicks    T
 */
public record Correlation(
    int channelA,
    int channelB,
    long rangeTicks,
    long binTicks,
    double resolutionPs,
    long[] counts,
    long tagsA,
    long tagsB,
    long spanTicks) {

    /** Left edge of bin {@code i} in ticks. */
    public long binStart(final int i) {
        return -rangeTicks + i * binTicks;
    }

    /** Pairs counted in all bins. */
    public long pairs() {
        long sum = 0;
        for (final long c : counts) {
            sum += c;
        }
        return sum;
    }

    /** The pairs an uncorrelated stream would put in one bin: {@code N_A·N_B·W / T} (see class doc). */
    public double expectedPerBin() {
        final double pairs = channelA == channelB ? (double)tagsA * (tagsA - 1) : (double)tagsA * tagsB;
        return spanTicks <= 0 ? Double.NaN : pairs * binTicks / spanTicks;
    }

    /** counts / {@link #expectedPerBin()}: g2(τ) at each bin; NaN when the span is 0. */
    public double[] g2() {
        final double expected = expectedPerBin();
        final double[] g2 = new double[counts.length];
        for (int i = 0; i < g2.length; i++) {
            g2[i] = expected > 0 ? counts[i] / expected : Double.NaN;
        }
        return g2;
    }
}
