package org.pairgate.host.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.pairgate.host.fit.DecayFit;
import org.pairgate.host.fit.FitResult;
import org.pairgate.host.physics.Expectations;
import org.pairgate.host.physics.ExperimentModel;
import org.pairgate.host.physics.Mode;
import org.pairgate.host.stats.CauchySchwarz;

/**
 * The paper preset's exact expectations (no sampling noise) against the paper's table: the values
 * within the paper's error bars, and — with the demo plan's trial counts — the paper's error bars
 * themselves, its significances and the ΔT sweep's t_d2. This is the calibration of issue 19; the
 * sampled demo (DemoCommandTest) then scatters around these expectations as any run would.
 */
class PaperPresetTest {
    private static final ExperimentModel PAPER = ExperimentModel.paper();
    private static final DemoPlan PLAN = DemoPlan.paper(1);
    private static final long WHOLE = Long.MAX_VALUE;

    /** g2, and its delta-method σ in n trials, from the exact click and coincidence probabilities. */
    private static double[] g2AndSigma(final Expectations e, final int window, final long gate, final double n) {
        final double pa = e.click(window, 0, gate);
        final double pb = e.click(window, 1, gate);
        final double pab = e.both(window, gate);
        final double g = pab / (pa * pb);
        return new double[] {g, g * Math.sqrt((1 / pab - 1 / pa - 1 / pb + 2 * g - 1) / n)};
    }

    @Test
    void g2ValuesLandWithinThePapersErrorBars() {
        final Expectations main = new Expectations(PAPER.withDeltaT(30_000));
        assertEquals(4.8, main.g2(0), 0.4, "g2_pre(0)");
        assertEquals(3.5, main.g2(1, 48_000), 0.5, "g2_meas(0, 48 ns)");
        assertEquals(4.7, main.g2(1, 39_000), 1.1, "g2_meas(0, 39 ns)");
        final Expectations red = new Expectations(PAPER.withDeltaT(30_000).withMode(Mode.RED));
        final Expectations blue = new Expectations(PAPER.withDeltaT(30_000).withMode(Mode.BLUE));
        assertEquals(1.88, red.g2(0), 0.42, "g_r");
        assertEquals(1.90, blue.g2(0), 0.24, "g_b");
        assertEquals(1.92, red.g2(1), 0.14, "g_meas,r(0), whole window");
        assertEquals(red.g2(1), red.g2(1, 48_000), 0.01, "a thermal reference does not depend on the gate");
        assertTrue(main.g2(0) > CauchySchwarz.verdictBound(red.g2(0), blue.g2(0)), "nonclassical pre pulse");
        assertEquals(0.029, PAPER.pB() * PAPER.pR(), 0.0005, "p_pre");
        assertEquals(0.244, PAPER.pMeas(), 1e-12, "p_meas");
    }

    /**
     * The plan's N per run gives each g2 the paper's σ (within 20 %; g2_meas at 39 and 48 ns share
     * the main run, whose N sits between the two N's the paper's σ's imply), and the significances
     * the paper states follow within ±0.75σ.
     */
    @Test
    void thePlansTrialCountsGiveThePapersErrorBarsAndSignificances() {
        final Expectations full = new Expectations(PAPER.withDeltaT(DemoPlan.MAIN_DELTA_T_PS));
        final Expectations red = new Expectations(PAPER.withDeltaT(DemoPlan.MAIN_DELTA_T_PS).withMode(Mode.RED));
        final Expectations blue = new Expectations(PAPER.withDeltaT(DemoPlan.MAIN_DELTA_T_PS).withMode(Mode.BLUE));
        final double[] pre = g2AndSigma(full, 0, WHOLE, PLAN.pairsTrials());
        final double[] m39 = g2AndSigma(full, 1, 39_000, PLAN.mainTrials());
        final double[] m48 = g2AndSigma(full, 1, 48_000, PLAN.mainTrials());
        final double[] gr = g2AndSigma(red, 0, WHOLE, PLAN.redTrials());
        final double[] gb = g2AndSigma(blue, 0, WHOLE, PLAN.blueTrials());
        final double[] gmr = g2AndSigma(red, 1, WHOLE, PLAN.redMeasTrials());
        assertEquals(1, pre[1] / 0.4, 0.2, "σ g2_pre " + pre[1]);
        assertEquals(1, m39[1] / 1.1, 0.2, "σ g2_meas(39 ns) " + m39[1]);
        assertEquals(1, m48[1] / 0.5, 0.2, "σ g2_meas(48 ns) " + m48[1]);
        assertEquals(1, gr[1] / 0.42, 0.2, "σ g_r " + gr[1]);
        assertEquals(1, gb[1] / 0.24, 0.2, "σ g_b " + gb[1]);
        assertEquals(1, gmr[1] / 0.14, 0.2, "σ g_meas,r " + gmr[1]);
        final double bound = CauchySchwarz.verdictBound(gr[0], gb[0]);
        assertEquals(4.9, (pre[0] - bound) / pre[1], 0.75, "g2_pre above the bound");
        assertEquals(1.5, (m39[0] - bound) / m39[1], 0.75, "g2_meas(0, 39 ns) above the bound");
        assertEquals(3.1, (m48[0] - gmr[0]) / m48[1], 0.75, "g2_meas(0, 48 ns) above thermal");
    }

    @Test
    void gateAndDelayDecaysAreNearThePapers() {
        final Expectations main = new Expectations(PAPER.withDeltaT(30_000));
        final int n = 34;
        final double[] x = new double[n];
        final double[] y = new double[n];
        final double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 30 + 2 * i;
            final double[] g = g2AndSigma(main, 1, (long) (x[i] * 1000), PLAN.mainTrials());
            y[i] = g[0];
            s[i] = g[1];
        }
        final FitResult d1 = DecayFit.single(x, y, s);
        assertEquals(15, d1.timeConstant(0), 3, "t_d1");
    }

    /**
     * The exact g2_meas(0, 48 ns) over the plan's sweep, weighted by the σ's of the plan's N: the
     * fit gives t_d2 near 132 ns with a standard error well below 30 ns (the sampled sweep
     * scatters around it: docs/simulator.md gives how often its σ stays below 30 ns).
     */
    @Test
    void theSweepPinsTdTwoNearThePapers() {
        final List<Long> dts = new ArrayList<>();
        for (final long dt : PLAN.sweepDeltaTPs()) {
            dts.add(dt);
        }
        dts.add(DemoPlan.FOURFOLD_DELTA_T_PS);
        dts.sort(null);
        final double[] x = new double[dts.size()];
        final double[] y = new double[dts.size()];
        final double[] s = new double[dts.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = dts.get(i) / 1000.0;
            final double trials = dts.get(i) == DemoPlan.FOURFOLD_DELTA_T_PS ? PLAN.fourfoldTrials() : PLAN.sweepTrials();
            final double[] g = g2AndSigma(new Expectations(PAPER.withDeltaT(dts.get(i))), 1, 48_000, trials);
            y[i] = g[0];
            s[i] = g[1];
        }
        final FitResult d2 = DecayFit.single(x, y, s);
        assertEquals(132, d2.timeConstant(0), 10, "t_d2");
        assertTrue(d2.timeConstantError(0) < 25, "σ(t_d2) " + d2.timeConstantError(0));
    }

    @Test
    void pairsInBothPulsesAreRareAtTheFourfoldDelay() {
        final Expectations e = new Expectations(PAPER.withDeltaT(DemoPlan.FOURFOLD_DELTA_T_PS));
        // the paper saw n22 = 0 in 1.4e8 trials: the preset expects 0.16, so n22 = 0 in 85 % of runs
        final double expected = PLAN.fourfoldTrials() * e.pairInBoth();
        assertTrue(expected < 0.25, "expected n22 " + expected);
    }
}
