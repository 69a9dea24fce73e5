package org.pairgate.host.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.pairgate.host.analysis.AnalysisResult;
import org.pairgate.host.fit.DecayFit;
import org.pairgate.host.fit.FitResult;
import org.pairgate.host.stats.CauchySchwarz;
import org.pairgate.host.stats.Conditioned;
import org.pairgate.host.stats.Fourfold;
import org.pairgate.host.stats.G2;
import org.pairgate.host.stats.GatePoint;
import org.pairgate.host.stats.RunStatistics;
import org.pairgate.host.stats.WindowStatistics;

/**
 * What the demo concludes from its runs: the paper's quantities, the Cauchy–Schwarz verdicts,
 * the conditioned statistics and the fits, computed once from the parts' statistics.
 *
 * <p>Which run gives what (DemoPlan): g2_pre(0) and its Cauchy–Schwarz test come from the photon-pair
 * run with the red-only (g_r) and blue-only (g_b) calibrations; g2_meas(0, τ_f), ΔN, the two-mode
 * ratio and the conditioned statistics from the main run; the thermal reference g_meas,r(0) from the
 * red-only measurement-pulse run, over the whole window (a thermal field's g2 does not depend on
 * the gate, and the paper gives it without one).
 *
 * <p>Fit choices (docs/simulator.md): t_d1 from g2_meas(0, τ_f) for τ_f = 30…96 ns in 2 ns steps
 * (the decaying part; the cumulative points share trials, so the fit's standard error, which
 * treats them as independent, is optimistic), bands at 99 %; t_d2 from g2_meas(0, 48 ns) over the
 * ΔT sweep (the fourfold run and the sweep runs, one N each), bands at 75 %; the pump–probe counts
 * per probe pulse with two exponentials (t_l, t_s).
 */
public final class DemoFindings {
    public static final long GATE_48_PS = 48_000;
    public static final long GATE_39_PS = 39_000;
    public static final double T_D1_LEVEL = 0.99;
    public static final double T_D2_LEVEL = 0.75;
    public static final double PUMP_PROBE_LEVEL = 0.95;
    static final long GATE_FIT_FROM_PS = 30_000;
    static final long GATE_FIT_STEP_PS = 2_000;

    public final RunStatistics pairs;
    public final RunStatistics main;
    public final RunStatistics red;
    public final RunStatistics redMeas;
    public final RunStatistics blue;
    public final RunStatistics fourfoldRun;
    public final G2 g2Pre;
    public final G2 g2Meas39;
    public final G2 g2Meas48;
    public final G2 gR;
    public final G2 gB;
    /** g_meas,r(0): the red-only measurement pulse over its whole window. */
    public final G2 gMeasR;
    public final CauchySchwarz.Verdict csPre;
    public final CauchySchwarz.Verdict csMeas39;
    /** (g2_meas(0,48) − g_meas,r(0)) / σ, the paper's "3.1σ from thermal", and with both σ's. */
    public final double thermalSigmaMeas48;
    public final double thermalSigmaMeas48Propagated;
    public final double[] twoModeRatio;
    public final G2 cross;
    public final G2 measGivenPreZero;
    public final G2 measGivenPrePair;
    public final G2 measGivenPreSingle;
    public final G2 preGivenMeasZero;
    public final G2 preGivenMeasPair;
    public final Fourfold fourfold;
    public final Series gateCurve;
    public final Series gateFitPoints;
    public final FitResult tD1;
    public final Series deltaTCurve;
    public final FitResult tD2;
    public final Series countsPre;
    public final Series countsMeas;
    public final Series pumpProbe;
    public final FitResult pumpProbeFit;
    public final FitResult pumpProbeSingleFit;

    public DemoFindings(final Map<String, AnalysisResult> runs, final DemoPlan plan) {
        pairs = runs.get("pairs").statistics();
        main = runs.get("main").statistics();
        red = runs.get("red").statistics();
        redMeas = runs.get("red-meas").statistics();
        blue = runs.get("blue").statistics();
        fourfoldRun = runs.get("fourfold").statistics();
        g2Pre = pairs.windows().get(0).g2Zero();
        g2Meas39 = atGate(main.windows().get(1), GATE_39_PS);
        g2Meas48 = atGate(main.windows().get(1), GATE_48_PS);
        gR = red.windows().get(0).g2Zero();
        gB = blue.windows().get(0).g2Zero();
        gMeasR = redMeas.windows().get(1).g2Zero();
        csPre = CauchySchwarz.test(g2Pre.value(), g2Pre.sigma(), gR.value(), gR.sigma(), gB.value(), gB.sigma());
        csMeas39 = CauchySchwarz.test(g2Meas39.value(), g2Meas39.sigma(), gR.value(), gR.sigma(), gB.value(), gB.sigma());
        // without a red-only coincidence there is no thermal reference to compare with
        thermalSigmaMeas48 = gMeasR.hasSigma() ? (g2Meas48.value() - gMeasR.value()) / g2Meas48.sigma() : Double.NaN;
        thermalSigmaMeas48Propagated = gMeasR.hasSigma()
            ? (g2Meas48.value() - gMeasR.value()) / Math.hypot(g2Meas48.sigma(), gMeasR.sigma()) : Double.NaN;
        cross = main.crossWindow();
        twoModeRatio = CauchySchwarz.twoModeRatio(cross, main.windows().get(0).g2Zero(), main.windows().get(1).g2Zero());
        final long[] patterns = main.patterns();
        measGivenPreZero = Conditioned.g2(patterns, 0, Conditioned.Herald.ZERO, 1);
        measGivenPreSingle = Conditioned.g2(patterns, 0, Conditioned.Herald.SINGLE, 1);
        measGivenPrePair = Conditioned.g2(patterns, 0, Conditioned.Herald.PAIR, 1);
        preGivenMeasZero = Conditioned.g2(patterns, 1, Conditioned.Herald.ZERO, 0);
        preGivenMeasPair = Conditioned.g2(patterns, 1, Conditioned.Herald.PAIR, 0);
        fourfold = fourfoldRun.fourfold();

        gateCurve = gateSeries(main.windows().get(1), 1_000, 1_000);
        gateFitPoints = gateSeries(main.windows().get(1), GATE_FIT_FROM_PS, GATE_FIT_STEP_PS);
        tD1 = fitOrNull(() -> DecayFit.single(gateFitPoints.x(), gateFitPoints.y(), gateFitPoints.sigma()));

        final List<double[]> dt = new ArrayList<>();
        final List<double[]> cp = new ArrayList<>();
        final List<double[]> cm = new ArrayList<>();
        for (final Map.Entry<String, AnalysisResult> e : runs.entrySet()) {
            final String name = e.getKey();
            if (!(name.equals("fourfold") || name.startsWith("sweep-"))) {
                continue;
            }
            final AnalysisResult r = e.getValue();
            final double deltaNs = ExperimentRunInfo.deltaTPs(r) / 1000.0;
            final RunStatistics s = r.statistics();
            final G2 g = atGate(s.windows().get(1), GATE_48_PS);
            if (g.hasSigma()) {
                dt.add(new double[] {deltaNs, g.value(), g.sigma()});
            }
            cp.add(counts(deltaNs, s, 0));
            cm.add(counts(deltaNs, s, 1));
        }
        deltaTCurve = sorted(dt);
        countsPre = sorted(cp);
        countsMeas = sorted(cm);
        tD2 = fitOrNull(() -> DecayFit.single(deltaTCurve.x(), deltaTCurve.y(), deltaTCurve.sigma()));

        final List<double[]> pp = new ArrayList<>();
        for (final Map.Entry<String, AnalysisResult> e : runs.entrySet()) {
            if (e.getKey().startsWith("pump-probe-")) {
                pp.add(counts(ExperimentRunInfo.deltaTPs(e.getValue()) / 1000.0, e.getValue().statistics(), 1));
            }
        }
        pumpProbe = sorted(pp);
        pumpProbeFit = fitOrNull(() -> DecayFit.twoTerm(pumpProbe.x(), pumpProbe.y(), pumpProbe.sigma(), 1460, 220));
        pumpProbeSingleFit = fitOrNull(() -> DecayFit.single(pumpProbe.x(), pumpProbe.y(), pumpProbe.sigma()));
    }

    /** g2(0, gate) of a window's HBT pair. */
    public static G2 atGate(final WindowStatistics w, final long gatePs) {
        for (final GatePoint p : w.g2VsGate()) {
            if (p.gateTicks() == gatePs) {
                return p.g2();
            }
        }
        throw new IllegalArgumentException("no gate of " + gatePs + " ps");
    }

    private static Series gateSeries(final WindowStatistics w, final long from, final long step) {
        final List<double[]> pts = new ArrayList<>();
        for (final GatePoint p : w.g2VsGate()) {
            if (p.gateTicks() >= from && (p.gateTicks() - from) % step == 0 && p.g2().hasSigma() && p.g2().coincidences() >= 3) {
                pts.add(new double[] {p.gateTicks() / 1000.0, p.g2().value(), p.g2().sigma()});
            }
        }
        return sorted(pts);
    }

    /** Clicks per pulse (both detectors) of window w, with the Poisson σ √S / N. */
    private static double[] counts(final double x, final RunStatistics s, final int w) {
        final long[] singles = s.windows().get(w).singles();
        final double sum = singles[0] + singles[1];
        return new double[] {x, sum / s.trials(), Math.max(Math.sqrt(sum), 1) / s.trials()};
    }

    private static Series sorted(final List<double[]> pts) {
        pts.sort((a, b) -> Double.compare(a[0], b[0]));
        final double[] x = new double[pts.size()];
        final double[] y = new double[pts.size()];
        final double[] s = new double[pts.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = pts.get(i)[0];
            y[i] = pts.get(i)[1];
            s[i] = pts.get(i)[2];
        }
        return new Series(x, y, s);
    }

    private static FitResult fitOrNull(final java.util.function.Supplier<FitResult> fit) {
        try {
            return fit.get();
        } catch (final IllegalArgumentException e) {
            return null;
        }
    }

    /** Index of the slow (t_l) term of the pump–probe fit. */
    public int slowTerm() {
        return pumpProbeFit.timeConstant(0) >= pumpProbeFit.timeConstant(1) ? 0 : 1;
    }
}
