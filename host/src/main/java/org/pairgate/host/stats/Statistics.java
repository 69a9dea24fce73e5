package org.pairgate.host.stats;

import java.util.ArrayList;
import java.util.List;

import org.pairgate.device.FrameSum;
import org.pairgate.device.PgMap;

/**
 * Turns the summed counters of a run into the estimators of physics.md. Counts stay exact
 * {@code long}s; only ratios are doubles.
 *
 * <p>Which counters feed what (docs/statistics.md has the formulas):
 * <ul>
 *   <li>singles, g2(0), the fourfold table and the cross-window g2 from PATTERNS (trials per click pattern);</li>
 *   <li>g2(ΔN ≠ 0) from DN_PAIRS, DN_EARLY, DN_LATE and DN_COINC;</li>
 *   <li>g2 versus gate length from cumulative sums of FIRST_ARRIVAL and BOTH_ARRIVAL;</li>
 *   <li>the accounting from the TAGS_* and category counters.</li>
 * </ul>
 * The HBT pair of every window is detectors 0 and 1 (bits w·D and w·D + 1), as in BOTH_ARRIVAL.
 */
public final class Statistics {
    private final FrameSum sum;
    private final PgMap.FrameLayout layout;
    private final int windows;
    private final int detectors;
    private final int bits;

    private Statistics(final FrameSum sum) {
        this.sum = sum;
        this.layout = sum.layout();
        this.windows = layout.windows;
        this.detectors = layout.detectors;
        this.bits = windows * detectors;
    }

    /**
     * Computes every statistic of a run.
     *
     * @param sum           the summed frames
     * @param maxDn         largest |ΔN| to report, at most the layout's K
     * @param binTicks      arrival-histogram bin width the core was configured with
     * @param windowLengths length of every window in ticks (fixes how many arrival bins are reported)
     */
    public static RunStatistics compute(final FrameSum sum, final int maxDn, final long binTicks, final long[] windowLengths) {
        return compute(sum, null, maxDn, binTicks, windowLengths);
    }

    /**
     * Computes every statistic of a run, with the stationarity test over {@code blocks}.
     *
     * @param sum           the summed frames
     * @param blocks        the singles per block of the same frames, or null (the test is then not made)
     * @param maxDn         largest |ΔN| to report, at most the layout's K
     * @param binTicks      arrival-histogram bin width the core was configured with
     * @param windowLengths length of every window in ticks (fixes how many arrival bins are reported)
     */
    public static RunStatistics compute(final FrameSum sum, final SinglesBlocks blocks, final int maxDn, final long binTicks,
        final long[] windowLengths) {
        final PgMap.FrameLayout l = sum.layout();
        if (maxDn < 0 || maxDn > l.maxDn) {
            throw new IllegalArgumentException("max ΔN " + maxDn + " outside 0.." + l.maxDn + " of the frame layout");
        }
        if (windowLengths.length != l.windows) {
            throw new IllegalArgumentException(windowLengths.length + " window lengths for " + l.windows + " windows");
        }
        if (binTicks < 1) {
            throw new IllegalArgumentException("bin must be at least one tick: " + binTicks);
        }
        if (blocks != null && (blocks.layout().shapeWord() != l.shapeWord() || blocks.layout().frameWords != l.frameWords)) {
            throw new IllegalArgumentException("the singles blocks have another frame layout than the sum");
        }
        return new Statistics(sum).run(blocks == null ? null : blocks.blocks(), maxDn, binTicks, windowLengths);
    }

    private RunStatistics run(final SinglesBlocks.Blocks blocks, final int maxDn, final long binTicks,
        final long[] windowLengths) {
        final long[] patterns = new long[layout.lenPatterns];
        for (int p = 0; p < patterns.length; p++) {
            patterns[p] = sum.word(layout.offPatterns + p);
        }
        final long n = sum.trials();
        final List<WindowStatistics> perWindow = new ArrayList<>(windows);
        for (int w = 0; w < windows; w++) {
            perWindow.add(window(w, patterns, n, maxDn, binTicks, windowLengths[w], blocks));
        }
        final boolean twoWindowPairs = windows >= 2 && detectors >= 2;
        return new RunStatistics(n, sum.frames(), sum.merges(), perWindow, patterns,
            twoWindowPairs ? fourfold(patterns, n) : null,
            windows >= 2 ? crossWindow(patterns, n) : null,
            accounting());
    }

    private WindowStatistics window(final int w, final long[] patterns, final long n, final int maxDn,
        final long binTicks, final long length, final SinglesBlocks.Blocks blocks) {
        final long[] singles = new long[detectors];
        for (int d = 0; d < detectors; d++) {
            singles[d] = countWithAll(patterns, 1L << (w * detectors + d));
        }
        final List<DnPoint> byDn = new ArrayList<>();
        final List<GatePoint> vsGate = new ArrayList<>();
        if (detectors >= 2) {
            final int a = w * detectors;
            final int b = a + 1;
            for (int dn = -maxDn; dn <= maxDn; dn++) {
                byDn.add(new DnPoint(dn, dn == 0
                    ? G2.of(n, singles[0], singles[1], countWithAll(patterns, 1L << a | 1L << b))
                    : crossTrial(dn, a, b)));
            }
            vsGate.addAll(vsGate(w, n, binTicks, length));
        }
        return new WindowStatistics(w, singles, byDn, vsGate, SideNormalisation.of(byDn),
            Stationarity.of(blocks, w, detectors));
    }

    /**
     * g2(ΔN ≠ 0) of bits a and b. For ΔN > 0, a is in the earlier trial: C = DN_COINC[ΔN][a][b],
     * S'_a = DN_EARLY[ΔN][a], S'_b = DN_LATE[ΔN][b]. For ΔN < 0, b is the earlier one, so the
     * roles of the early and late counters swap: C = DN_COINC[|ΔN|][b][a], S'_a = DN_LATE[|ΔN|][a],
     * S'_b = DN_EARLY[|ΔN|][b]. N is DN_PAIRS[|ΔN|], the pairs of trials that exist.
     */
    G2 crossTrial(final int dn, final int a, final int b) {
        final int k = Math.abs(dn) - 1;
        final long pairs = sum.word(layout.offDnPairs + k);
        final int row = k * bits;
        final int early = dn > 0 ? a : b;
        final int late = dn > 0 ? b : a;
        final long c = sum.word(layout.offDnCoinc + (row + early) * bits + late);
        final long sEarly = sum.word(layout.offDnEarly + row + early);
        final long sLate = sum.word(layout.offDnLate + row + late);
        return dn > 0 ? G2.of(pairs, sEarly, sLate, c) : G2.of(pairs, sLate, sEarly, c);
    }

    /**
     * g2(0, gate) for every arrival bin up to the one covering the window: the singles are the
     * cumulative FIRST_ARRIVAL of detectors 0 and 1 and the coincidences the cumulative
     * BOTH_ARRIVAL (binned by the later of the two first arrivals), so bin k holds every trial
     * whose clicks both came before (k + 1)·bin. The last bin of the histogram saturates, which is
     * why the gate is capped at the window length.
     */
    private List<GatePoint> vsGate(final int w, final long n, final long binTicks, final long length) {
        final int histBins = layout.bins;
        final long needed = (length + binTicks - 1) / binTicks;
        final int shown = (int) Math.min(histBins, needed);
        final int fa0 = layout.offFirstArrival + (w * detectors) * histBins;
        final int fa1 = layout.offFirstArrival + (w * detectors + 1) * histBins;
        final int both = layout.offBothArrival + w * histBins;
        final List<GatePoint> out = new ArrayList<>(shown);
        long sa = 0;
        long sb = 0;
        long c = 0;
        for (int k = 0; k < shown; k++) {
            sa += sum.word(fa0 + k);
            sb += sum.word(fa1 + k);
            c += sum.word(both + k);
            final long gate = k == histBins - 1 ? length : Math.min((k + 1) * binTicks, length);
            out.add(new GatePoint(k, gate, G2.of(n, sa, sb, c)));
        }
        return out;
    }

    private Fourfold fourfold(final long[] patterns, final long n) {
        // window 0 owns bits 0..D-1, window 1 bits D..2D-1; the HBT pair is the first two of each
        final long pair0 = 0b11L;
        final long pair1 = 0b11L << detectors;
        final long any0 = (1L << detectors) - 1;
        final long any1 = any0 << detectors;
        long n22 = 0;
        long n20 = 0;
        long n02 = 0;
        long n00 = 0;
        long pairsFirst = 0;
        long pairsSecond = 0;
        for (int p = 0; p < patterns.length; p++) {
            final long count = patterns[p];
            final boolean isPair0 = (p & pair0) == pair0;
            final boolean isPair1 = (p & pair1) == pair1;
            final boolean isZero0 = (p & any0) == 0;
            final boolean isZero1 = (p & any1) == 0;
            if (isPair0) {
                pairsFirst += count;
            }
            if (isPair1) {
                pairsSecond += count;
            }
            if (isPair0 && isPair1) {
                n22 += count;
            } else if (isPair0 && isZero1) {
                n20 += count;
            } else if (isZero0 && isPair1) {
                n02 += count;
            } else if (isZero0 && isZero1) {
                n00 += count;
            }
        }
        final double expected = n == 0 ? 0.0 : (double) pairsFirst * (double) pairsSecond / n;
        final double p = Poisson.tailOnSideOf(n22, expected);
        final double ratio = expected > 0 ? n22 / expected : Double.NaN;
        return new Fourfold(n22, n20, n02, n00, pairsFirst, pairsSecond, expected, p, ratio);
    }

    /** g2 of "any detector in window 0" with "any detector in window 1" (pattern OR). */
    private G2 crossWindow(final long[] patterns, final long n) {
        final long any0 = (1L << detectors) - 1;
        final long any1 = any0 << detectors;
        long sa = 0;
        long sb = 0;
        long c = 0;
        for (int p = 0; p < patterns.length; p++) {
            final boolean a = (p & any0) != 0;
            final boolean b = (p & any1) != 0;
            sa += a ? patterns[p] : 0;
            sb += b ? patterns[p] : 0;
            c += a && b ? patterns[p] : 0;
        }
        return G2.of(n, sa, sb, c);
    }

    private Accounting accounting() {
        final long[] det = new long[layout.lenTagsDet];
        for (int d = 0; d < det.length; d++) {
            det[d] = sum.word(layout.offTagsDet + d);
        }
        return new Accounting(sum.tagsIn() + sum.droppedAtInput(), sum.word(layout.offTagsSync), det, sum.word(layout.offTagsOther),
            sum.word(layout.offSyncs), sum.word(layout.offSyncDropped), sum.word(layout.offInWindow), sum.word(layout.offOutside),
            sum.word(layout.offBeforeFirstSync), sum.word(layout.offOutOfOrder), sum.word(layout.offOtherChannel),
            sum.droppedAtInput());
    }

    /** Trials whose pattern has every bit of {@code mask} set. */
    private static long countWithAll(final long[] patterns, final long mask) {
        long count = 0;
        for (int p = 0; p < patterns.length; p++) {
            if ((p & mask) == mask) {
                count += patterns[p];
            }
        }
        return count;
    }
}
