package org.pairgate.host.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.pairgate.host.analysis.Analysis;
import org.pairgate.host.analysis.AnalysisConfig;
import org.pairgate.host.analysis.AnalysisResult;
import org.pairgate.host.analysis.Engines;
import org.pairgate.host.report.Summary;
import org.pairgate.host.sim.DutyCycleSource;

/**
 * Issue 17 on data with exactly known truth: a pulsed pair source on a quarter of the time and
 * the same source always on ({@link DutyCycleSource}), through the soft core, the frames and the
 * statistics. Plain g2 is biased by the duty cycle as predicted, g2_side is not; the χ² of the
 * singles per block flags the first and not the second; the error model of g2_side and the
 * false-alarm rate of the χ² are checked against Monte Carlo replicas. Tolerances are in units
 * of the reported σ (4σ: a fixed-seed test that a correct estimator fails with probability 6e-5).
 */
class NormalisationTest {
    private static final long N = 1_000_000;
    private static final int K = 8;
    /** 20 000 trials per frame: 50 frames; sync runs off so that a push never spans more frames than the ring holds. */
    private static final long FRAME_TRIALS = 20_000;
    private static final double Q = 0.005;
    private static final double S = 0.03;

    private static DutyCycleSource source(final long cycle, final long on, final long seed) {
        return new DutyCycleSource(N, 12_500, 1_000, 10_000, cycle, on, Q, S, S, seed);
    }

    private static AnalysisResult analyse(final DutyCycleSource source) throws IOException {
        final AnalysisConfig cfg = new AnalysisConfig(DutyCycleSource.SYNC_CHANNEL, new int[] {1, 2}, List.of("w"),
            new long[] {1_000}, new long[] {10_000}, Map.of(), K, 1_000, "soft", FRAME_TRIALS);
        return new Analysis(cfg, Engines.INSTANCE).syncRuns(false).run(source);
    }

    @Test
    void dutyCycleBiasesPlainG2AsPredictedAndNotTheSideNormalisedOne() throws IOException {
        // on for 25 000 of every 100 000 trials: f = 1/4
        final DutyCycleSource src = source(100_000, 25_000, 17);
        final WindowStatistics ws = analyse(src).statistics().windows().get(0);
        final double f = (double) src.onTrialsTotal() / N;
        assertEquals(0.25, f, 1e-12);

        final G2 plain = ws.g2Zero();
        final double predictedPlain = src.expectedPlainG2(0);
        assertEquals(src.trueG2() / f, predictedPlain, 1e-9 * predictedPlain, "plain g2 expects g2_true / f");
        assertEquals(predictedPlain, plain.value(), 4 * plain.sigma(), "plain g2(0) biased exactly as predicted");
        for (int dn = -K; dn <= K; dn++) {
            if (dn != 0) {
                final G2 g = ws.g2(dn);
                assertEquals(src.expectedPlainG2(dn), g.value(), 4 * g.sigma(), "plain g2(" + dn + ") ~ 1/f");
            }
        }

        final SidePoint side = ws.g2Side(0);
        final double predictedSide = src.expectedSideG2(0, K);
        assertEquals(src.trueG2(), predictedSide, 0.001 * src.trueG2(), "g2_side expects g2_true up to the on-stretch edges");
        assertEquals(predictedSide, side.value(), 4 * side.sigma(), "g2_side(0) unbiased");
        assertTrue(plain.value() - src.trueG2() > 10 * plain.sigma(), "the plain g2 is far off the truth");

        final Stationarity st = ws.stationarity();
        assertTrue(st.tested(), st.note());
        assertTrue(st.blocks() >= Stationarity.MIN_BLOCKS);
        assertFalse(st.stationary(), "a source off 3/4 of the time is not stationary: " + st);
        assertTrue(st.p() < 1e-100, "p = " + st.p());
        assertTrue(ws.plainNormalisationSuspect());
        final String summary = Summary.of(analyse(source(100_000, 25_000, 17)));
        assertTrue(summary.contains("WARNING w: singles not stationary"), summary);
        assertTrue(summary.contains("read the side-normalised g2_side(0)"), summary);
    }

    @Test
    void constantRateGivesTheSameG2BothWaysAndNoWarning() throws IOException {
        final DutyCycleSource src = source(1, 1, 18);
        final AnalysisResult result = analyse(src);
        final WindowStatistics ws = result.statistics().windows().get(0);
        final double truth = src.trueG2();
        assertEquals(truth, src.expectedPlainG2(0), 1e-9 * truth);
        assertEquals(truth, src.expectedSideG2(0, K), 1e-9 * truth);
        assertEquals(truth, ws.g2Zero().value(), 4 * ws.g2Zero().sigma());
        assertEquals(truth, ws.g2Side(0).value(), 4 * ws.g2Side(0).sigma());
        final WindowStatistics.SideMean mean = ws.sideMean();
        assertEquals(1.0, mean.value(), 4 * mean.sigma());
        final Stationarity st = ws.stationarity();
        assertEquals(50, st.blocks(), "one block per frame of 20 000 trials");
        assertTrue(st.stationary(), st.toString());
        assertFalse(ws.plainNormalisationSuspect());
        assertNull(Summary.warning("w", ws));
        final String summary = Summary.of(result);
        assertFalse(summary.contains("WARNING"), summary);
        assertTrue(summary.contains("; side-normalised g2_side(0) = "), summary);
    }

    @Test
    void constantRateRunsAreNotFlaggedAndDutyCycleRunsAlwaysAre() throws IOException {
        // five fixed seeds each: at α = 1e-3 a false alarm among the constant runs has probability 0.5 %
        for (long seed = 100; seed < 105; seed++) {
            final Stationarity constant = analyse(source(1, 1, seed)).statistics().windows().get(0).stationarity();
            assertTrue(constant.stationary(), "seed " + seed + ": " + constant);
            final Stationarity onOff = analyse(source(100_000, 25_000, seed)).statistics().windows().get(0).stationarity();
            assertFalse(onOff.stationary(), "seed " + seed + ": " + onOff);
        }
    }

    /**
     * The false-alarm rate: for binomial block singles of a constant rate the window's p is
     * uniform or (Bonferroni over two detectors) conservative, so P(p < x) ≤ x. 2000 replicas of
     * 64 blocks; counts below x = 0.05, 0.01 and α must not exceed x·R by more than 4 binomial σ,
     * and the detector-level p must be uniform (P(p_d < 0.05) within 4σ of 0.05).
     */
    @Test
    void chiSquareFalseAlarmRateIsAtMostAlpha() {
        final SplittableRandom r = new SplittableRandom(2017);
        final int replicas = 2000;
        final int blocks = 64;
        final long trials = 5_000;
        final double[] pd = {0.01, 0.05};
        int below05 = 0;
        int below01 = 0;
        int belowAlpha = 0;
        int detectorBelow05 = 0;
        for (int rep = 0; rep < replicas; rep++) {
            final long[] t = new long[blocks];
            final long[] s = new long[blocks * 2];
            for (int i = 0; i < blocks; i++) {
                t[i] = trials;
                for (int d = 0; d < 2; d++) {
                    s[i * 2 + d] = binomial(r, trials, pd[d]);
                }
            }
            final Stationarity st = Stationarity.of(new SinglesBlocks.Blocks(blocks, 2, t, s), 0, 2);
            assertTrue(st.tested(), st.note());
            below05 += st.p() < 0.05 ? 1 : 0;
            below01 += st.p() < 0.01 ? 1 : 0;
            belowAlpha += st.p() < Stationarity.ALPHA ? 1 : 0;
            detectorBelow05 += st.pByDetector()[0] < 0.05 ? 1 : 0;
        }
        assertTrue(below05 <= replicas * 0.05 + 4 * Math.sqrt(replicas * 0.05), "p < 0.05: " + below05);
        assertTrue(below01 <= replicas * 0.01 + 4 * Math.sqrt(replicas * 0.01), "p < 0.01: " + below01);
        assertTrue(belowAlpha <= replicas * Stationarity.ALPHA + 4 * Math.sqrt(replicas * Stationarity.ALPHA),
            "p < alpha: " + belowAlpha);
        assertEquals(replicas * 0.05, detectorBelow05, 4 * Math.sqrt(replicas * 0.05 * 0.95), "detector p uniform");
    }

    /**
     * The σ of g2_side against the spread of Poisson replicas, at K = 2 where the numerator of a
     * side point is a quarter of its denominator: the exact (correlated) formula matches, the one
     * that treats numerator and denominator as independent would overstate σ(g2_side(1)) by 29 %.
     */
    @Test
    void sideSigmaMatchesPoissonReplicas() {
        final SplittableRandom r = new SplittableRandom(1717);
        final double[] mean = {400, 380, 1200, 420, 390};   // ΔN = -2..2
        final int replicas = 10_000;
        final double[] sum = new double[5];
        final double[] sum2 = new double[5];
        final double[] sigma = new double[5];
        for (int rep = 0; rep < replicas; rep++) {
            final List<DnPoint> pts = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                final long c = poisson(r, mean[i]);
                pts.add(new DnPoint(i - 2, new G2(1_000_000_000L, 1_000_000, 1_000_000, c, 0, 0)));
            }
            final List<SidePoint> side = SideNormalisation.of(pts);
            for (int i = 0; i < 5; i++) {
                sum[i] += side.get(i).value();
                sum2[i] += side.get(i).value() * side.get(i).value();
                sigma[i] += side.get(i).sigma() / replicas;
            }
        }
        for (int i = 0; i < 5; i++) {
            final double m = sum[i] / replicas;
            final double sd = Math.sqrt(sum2[i] / replicas - m * m);
            // the sample sd of 10 000 replicas is good to 0.7 %; the delta method to O(1/C)
            assertEquals(sd, sigma[i], 0.03 * sd, "ΔN = " + (i - 2) + ": replicas " + sd + ", reported " + sigma[i]);
        }
        final double expected0 = mean[2] / ((mean[0] + mean[1] + mean[3] + mean[4]) / 4);
        assertEquals(expected0, sum[2] / replicas, 0.01 * expected0);
    }

    @Test
    void sideNormalisationEdgeCases() {
        final List<DnPoint> pts = new ArrayList<>();
        for (int dn = -1; dn <= 1; dn++) {
            pts.add(new DnPoint(dn, G2.of(1000, 100, 100, dn == 0 ? 0 : 10)));
        }
        final List<SidePoint> side = SideNormalisation.of(pts);
        assertEquals(0.0, side.get(1).value());
        assertFalse(side.get(1).hasSigma(), "C = 0: no σ");
        assertEquals(1.0, side.get(0).value(), 1e-12);
        assertTrue(SideNormalisation.of(List.of(new DnPoint(0, G2.of(10, 5, 5, 3)))).isEmpty(), "K = 0: no side peaks");
        final List<DnPoint> empty = List.of(new DnPoint(-1, G2.of(9, 1, 1, 0)), new DnPoint(0, G2.of(10, 5, 5, 3)),
            new DnPoint(1, G2.of(9, 1, 1, 0)));
        assertTrue(Double.isNaN(SideNormalisation.of(empty).get(1).value()), "no side counts: no value");
    }

    @Test
    void withoutSidePeaksTheWarningSaysHowToGetThem() throws IOException {
        final AnalysisConfig cfg = new AnalysisConfig(DutyCycleSource.SYNC_CHANNEL, new int[] {1, 2}, List.of("w"),
            new long[] {1_000}, new long[] {10_000}, Map.of(), 0, 1_000, "soft", FRAME_TRIALS);
        final AnalysisResult r = new Analysis(cfg, Engines.INSTANCE).syncRuns(false).run(source(100_000, 25_000, 4));
        final WindowStatistics ws = r.statistics().windows().get(0);
        assertTrue(ws.g2Side().isEmpty());
        assertNull(ws.sideMean());
        assertFalse(ws.stationarity().stationary());
        final String summary = Summary.of(r);
        assertFalse(summary.contains("side-normalised g2_side(0) ="), summary);
        assertTrue(summary.contains("WARNING w: singles not stationary") && summary.contains("--max-dn"), summary);
    }

    @Test
    void fewFramesAreNotTested() throws IOException {
        final AnalysisConfig cfg = new AnalysisConfig(DutyCycleSource.SYNC_CHANNEL, new int[] {1, 2}, List.of("w"),
            new long[] {1_000}, new long[] {10_000}, Map.of(), K, 1_000, "soft", 0);
        final Stationarity st = new Analysis(cfg, Engines.INSTANCE).run(source(100_000, 25_000, 3))
            .statistics().windows().get(0).stationarity();
        assertFalse(st.tested());
        assertEquals(1, st.blocks());
        assertNotNull(st.note());
    }

    /** Binomial(n, p) by geometric gaps between successes: exact, about n·p draws. */
    private static long binomial(final SplittableRandom r, final long n, final double p) {
        final double logq = Math.log1p(-p);
        long k = 0;
        long at = (long) Math.floor(Math.log1p(-r.nextDouble()) / logq);
        while (at < n) {
            k++;
            at += 1 + (long) Math.floor(Math.log1p(-r.nextDouble()) / logq);
        }
        return k;
    }

    private static long poisson(final SplittableRandom r, final double mean) {
        // normal approximation is not enough for a σ test; count exponential gaps
        long k = 0;
        double t = -Math.log1p(-r.nextDouble());
        while (t < mean) {
            k++;
            t += -Math.log1p(-r.nextDouble());
        }
        return k;
    }
}
