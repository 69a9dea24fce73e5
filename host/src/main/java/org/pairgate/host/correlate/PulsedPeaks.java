package org.pairgate.host.correlate;

import java.util.ArrayList;
import java.util.List;

import org.pairgate.host.stats.DnPoint;
import org.pairgate.host.stats.G2;
import org.pairgate.host.stats.SideNormalisation;
import org.pairgate.host.stats.SidePoint;

/**
 * The pulsed normalisation of a correlation histogram ({@code correlate --normalize pulsed}): with
 * a pulse period T, peak k holds the pairs with {@code kT − T/2 ≤ τ < kT + T/2} (a bin belongs to
 * the peak its centre falls in); peaks −K..K are those whole inside the histogram's range; the
 * histogram is divided by the mean area of the side peaks 1 ≤ |k| ≤ K, so a peak's normalised
 * area is its g2_side(k) and uncorrelated pulses read 1 at every side peak.
 *
 * <p>This is the same estimator as analyze's {@code g2_side} (docs/statistics.md), on peak areas in
 * place of trial coincidences, with the same error model ({@link SideNormalisation}: Poisson
 * areas, the numerator's share of the denominator included exactly). It does not need the
 * singles or the span, so a source whose rate varies over the file normalises correctly, which
 * the {@code cw} form N_A·N_B·W/T does not.
 *
 * @param periodTicks    T
 * @param sidePeaks      K
 * @param meanSideArea   mean pairs in a side peak; NaN when K = 0
 * @param peaks          peaks −K..K: index k, area, g2_side(k) and σ
 */
public record PulsedPeaks(long periodTicks, int sidePeaks, double meanSideArea, List<SidePoint> peaks) {

    /**
     * Peaks of {@code c} for period {@code periodTicks}.
     *
     * @throws IllegalArgumentException when the period is not positive or the range holds no whole side peak
     */
    public static PulsedPeaks of(final Correlation c, final long periodTicks) {
        if (periodTicks < 1) {
            throw new IllegalArgumentException("the pulse period must be positive: " + periodTicks + " ticks");
        }
        // peak k is [kT − T/2, kT + T/2): whole inside [−R, R) when −R ≤ kT − T/2 and kT + T/2 ≤ R, for ±k
        final long range = c.rangeTicks();
        final long halfLow = periodTicks / 2;
        final long halfHigh = periodTicks - halfLow;
        int k = 0;
        while ((long) (k + 1) * periodTicks + halfHigh <= range && -(long) (k + 1) * periodTicks - halfLow >= -range) {
            k++;
        }
        if (k < 1) {
            throw new IllegalArgumentException("the range ±" + range + " ticks holds no whole side peak of period "
                + periodTicks + " ticks: widen --range to at least 1.5 periods");
        }
        final long[] area = new long[2 * k + 1];
        final long[] counts = c.counts();
        for (int i = 0; i < counts.length; i++) {
            final long centre2 = 2 * c.binStart(i) + c.binTicks();          // twice the bin centre
            final long peak = Math.floorDiv(centre2 + 2 * halfLow, 2 * periodTicks);
            if (peak >= -k && peak <= k) {
                area[(int) peak + k] += counts[i];
            }
        }
        final List<DnPoint> points = new ArrayList<>(area.length);
        long side = 0;
        for (int j = 0; j < area.length; j++) {
            points.add(new DnPoint(j - k, new G2(1, area[j], area[j], area[j], 0.0, 0.0)));
            side += j == k ? 0 : area[j];
        }
        return new PulsedPeaks(periodTicks, k, side > 0 ? (double) side / (2 * k) : Double.NaN, SideNormalisation.of(points));
    }

    /** g2_side of the centre peak. */
    public SidePoint centre() {
        return peaks.get(sidePeaks);
    }

    /** counts / mean side-peak area per bin: the histogram in units of the accidental level. */
    public double[] normalised(final Correlation c) {
        final double[] g2 = new double[c.counts().length];
        for (int i = 0; i < g2.length; i++) {
            g2[i] = meanSideArea > 0 ? c.counts()[i] / meanSideArea : Double.NaN;
        }
        return g2;
    }
}
