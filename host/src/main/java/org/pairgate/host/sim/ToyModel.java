package org.pairgate.host.sim;

import java.util.List;

/**
 * A model of the pairgate experiment simple enough that every statistic pairgate reports has an
 * exact expectation, used to hold the whole pipeline (source, PTU file, core, statistics,
 * report) to numbers derived on paper.
 *
 * <p>Trials of period T, one sync at the start of each (channel 0), detectors on channels 1 and 2
 * (detector d = channel d + 1). Per trial and window, independently ({@link ToyWindow}): a pair
 * event with probability q puts a photon on both detectors; background photons with
 * probability s_d; on top, each detector has dark counts, a Poisson process of rate λ_d over
 * [guard, T − guard) of every trial. Detector d's tags are recorded {@code detectorLeadPs[d]}
 * early (a cable skew the analysis removes with {@code --delay}). A few detector tags come
 * before the first sync, and every {@code otherChannelEvery}-th trial has a tag on channel 3.
 *
 * <p>With c_d(g) = 1 − (1 − s_d·g/L)·e^(−λ_d·g) the probability of a non-pair click of d in the
 * first g of the window and e_d(g) = 1 − (1 − F(g))(1 − s_d·g/L)·e^(−λ_d·g) the same given a
 * pair event (F the pair photons' arrival CDF):
 * <pre>
 *   P(d clicks before g)      = (1 − q)·c_d(g) + q·e_d(g)
 *   P(both click before g)    = (1 − q)·c_0(g)·c_1(g) + q·e_0(g)·e_1(g)
 *   g2(0, g)                  = P(both) / (P(0)·P(1)),        g2(0) = g2(0, L)
 *   g2(ΔN ≠ 0)                = 1 (trials are independent)
 *   P(pattern)                = Π_w P_w(bits of window w) (windows are independent)
 * </pre>
 * All are exact for the integer-picosecond times the source emits (see {@link ToyWindow#pairArrivalCdf}).
 */
public final class ToyModel {
    /** Detectors are on channels 1 and 2, the sync on 0, the stray tags on 3. */
    public static final int SYNC_CHANNEL = 0;
    public static final int OTHER_CHANNEL = 3;
    public static final int DETECTORS = 2;

    private final long trials;
    private final long periodPs;
    private final long guardPs;
    private final List<ToyWindow> windows;
    private final double[] darkRatePerPs;
    private final long[] detectorLeadPs;
    private final int tagsBeforeFirstSync;
    private final int otherChannelEvery;

    /**
     * @param trials              N, complete trials
     * @param periodPs            T, trial period
     * @param guardPs             dark counts avoid the first and last guard of a trial (so that a
     *                            detector lead never moves a tag before its sync)
     * @param windows             the two windows, disjoint, inside [guard, T − guard)
     * @param darkRatePerPs       λ_d per detector, per ps
     * @param detectorLeadPs      how early detector d's tags are recorded, at most guard
     * @param tagsBeforeFirstSync detector tags before the first sync
     * @param otherChannelEvery   a channel-3 tag every this many trials (0: none)
     */
    public ToyModel(final long trials, final long periodPs, final long guardPs, final List<ToyWindow> windows,
        final double[] darkRatePerPs, final long[] detectorLeadPs, final int tagsBeforeFirstSync, final int otherChannelEvery) {
        if (trials < 0 || periodPs < 1 || guardPs < 0 || 2 * guardPs >= periodPs) {
            throw new IllegalArgumentException("need trials >= 0, period > 2 guard");
        }
        if (windows.size() != 2 || darkRatePerPs.length != DETECTORS || detectorLeadPs.length != DETECTORS) {
            throw new IllegalArgumentException("the toy model has two windows and two detectors");
        }
        for (final ToyWindow w : windows) {
            if (w.startPs() < guardPs || w.endPs() > periodPs - guardPs) {
                throw new IllegalArgumentException("window " + w + " outside [guard, period - guard)");
            }
        }
        if (windows.get(0).endPs() > windows.get(1).startPs() && windows.get(1).endPs() > windows.get(0).startPs()) {
            throw new IllegalArgumentException("windows overlap");
        }
        for (int d = 0; d < DETECTORS; d++) {
            if (detectorLeadPs[d] < 0 || detectorLeadPs[d] > guardPs || !(darkRatePerPs[d] >= 0)) {
                throw new IllegalArgumentException("detector lead must be 0..guard and dark rate >= 0");
            }
        }
        this.trials = trials;
        this.periodPs = periodPs;
        this.guardPs = guardPs;
        this.windows = List.copyOf(windows);
        this.darkRatePerPs = darkRatePerPs.clone();
        this.detectorLeadPs = detectorLeadPs.clone();
        this.tagsBeforeFirstSync = tagsBeforeFirstSync;
        this.otherChannelEvery = otherChannelEvery;
    }

    /**
     * The model the tests use: 1 µs trials; "pre" = [100 ns, 200 ns) with 1 % pairs, "meas" =
     * [280 ns, 400 ns) with 5 % pairs decaying with τ = 30 ns; 50 kHz dark counts; detector 2
     * recorded 1.5 ns early.
     */
    public static ToyModel standard(final long trials) {
        return new ToyModel(trials, 1_000_000, 5_000, List.of(
            new ToyWindow(100_000, 100_000, 0.01, 0.02, 0.02, 20_000.0),
            new ToyWindow(280_000, 120_000, 0.05, 0.03, 0.04, 30_000.0)),
            new double[] {5e-8, 5e-8}, new long[] {0, 1_500}, 7, 1000);
    }

    public long trials() {
        return trials;
    }

    public long periodPs() {
        return periodPs;
    }

    public long guardPs() {
        return guardPs;
    }

    public List<ToyWindow> windows() {
        return windows;
    }

    public double darkRatePerPs(final int d) {
        return darkRatePerPs[d];
    }

    public long detectorLeadPs(final int d) {
        return detectorLeadPs[d];
    }

    public int tagsBeforeFirstSync() {
        return tagsBeforeFirstSync;
    }

    public int otherChannelEvery() {
        return otherChannelEvery;
    }

    /** Channel of detector d (PicoQuant numbering). */
    public static int channelOf(final int d) {
        return d + 1;
    }

    // --- exact expectations ----------------------------------------------------------------------

    /** c_d(g): a click of d in the first g of window w without a pair event. */
    private double nonPairClick(final int w, final int d, final long gatePs) {
        final ToyWindow win = windows.get(w);
        final long g = Math.min(gatePs, win.lengthPs());
        return 1.0 - (1.0 - win.singleProbability(d) * g / win.lengthPs()) * Math.exp(-darkRatePerPs[d] * g);
    }

    /** e_d(g): a click of d in the first g of window w given a pair event. */
    private double pairClick(final int w, final int d, final long gatePs) {
        final ToyWindow win = windows.get(w);
        final long g = Math.min(gatePs, win.lengthPs());
        return 1.0 - (1.0 - win.pairArrivalCdf(g)) * (1.0 - win.singleProbability(d) * g / win.lengthPs())
            * Math.exp(-darkRatePerPs[d] * g);
    }

    /** P(detector d clicks in window w before start + gate). */
    public double expectedClickProbability(final int w, final int d, final long gatePs) {
        final double q = windows.get(w).pairProbability();
        return (1 - q) * nonPairClick(w, d, gatePs) + q * pairClick(w, d, gatePs);
    }

    /** P(both detectors click in window w before start + gate). */
    public double expectedBothProbability(final int w, final long gatePs) {
        final double q = windows.get(w).pairProbability();
        return (1 - q) * nonPairClick(w, 0, gatePs) * nonPairClick(w, 1, gatePs)
            + q * pairClick(w, 0, gatePs) * pairClick(w, 1, gatePs);
    }

    /** P(detector d clicks in window w). */
    public double expectedClickProbability(final int w, final int d) {
        return expectedClickProbability(w, d, windows.get(w).lengthPs());
    }

    /** P(both detectors click in window w): a "pair" of the fourfold table. */
    public double expectedBothProbability(final int w) {
        return expectedBothProbability(w, windows.get(w).lengthPs());
    }

    /** P(no detector clicks in window w): a "zero" of the fourfold table. */
    public double expectedZeroProbability(final int w) {
        final double q = windows.get(w).pairProbability();
        final long len = windows.get(w).lengthPs();
        return (1 - q) * (1 - nonPairClick(w, 0, len)) * (1 - nonPairClick(w, 1, len));
    }

    /** Exact g2(0) of window w. */
    public double expectedG2(final int w) {
        return expectedG2AtGate(w, windows.get(w).lengthPs());
    }

    /** Exact g2(0, gate) of window w. */
    public double expectedG2AtGate(final int w, final long gatePs) {
        return expectedBothProbability(w, gatePs)
            / (expectedClickProbability(w, 0, gatePs) * expectedClickProbability(w, 1, gatePs));
    }

    /** Exact g2(ΔN) for ΔN ≠ 0: 1, because trials are independent. */
    public double expectedG2AtDn(final int w, final int dn) {
        return dn == 0 ? expectedG2(w) : 1.0;
    }

    /** P(pattern p) with bit w·2 + d set when detector d clicked in window w. */
    public double expectedPatternProbability(final int pattern) {
        double p = 1.0;
        for (int w = 0; w < 2; w++) {
            final boolean a = (pattern >>> (2 * w) & 1) != 0;
            final boolean b = (pattern >>> (2 * w + 1) & 1) != 0;
            final double pa = expectedClickProbability(w, 0);
            final double pb = expectedClickProbability(w, 1);
            final double pab = expectedBothProbability(w);
            p *= a && b ? pab : a ? pa - pab : b ? pb - pab : 1 - pa - pb + pab;
        }
        return p;
    }

    /** Expected trials with the given pattern. */
    public double expectedPatternCount(final int pattern) {
        return trials * expectedPatternProbability(pattern);
    }

    /** Exact g2 of "any detector in window 0" with "any detector in window 1": 1 (windows are independent). */
    public double expectedCrossWindowG2() {
        return 1.0;
    }
}
