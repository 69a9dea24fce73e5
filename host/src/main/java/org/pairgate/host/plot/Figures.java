package org.pairgate.host.plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.pairgate.host.demo.DemoFindings;
import org.pairgate.host.demo.Series;
import org.pairgate.host.stats.DnPoint;
import org.pairgate.host.stats.G2;
import org.pairgate.host.stats.RunStatistics;

/**
 * The analogues of the paper's figures from the demo's findings, each as PNG and SVG:
 * 2c counts per pulse versus ΔT, 3a/3b g2 versus ΔN, 3c g2 versus gate length with the t_d1 fit,
 * 3d g2 versus ΔT with the t_d2 fit, 4a the fourfold table, 4c the pump–probe scan with its fits.
 */
public final class Figures {
    public static final String FIG_2C = "fig2c_counts_vs_delta_t";
    public static final String FIG_3A = "fig3a_g2_vs_dn_pre";
    public static final String FIG_3B = "fig3b_g2_vs_dn_meas";
    public static final String FIG_3C = "fig3c_g2_vs_gate";
    public static final String FIG_3D = "fig3d_g2_vs_delta_t";
    public static final String FIG_4A = "fig4a_fourfold";
    public static final String FIG_4C = "fig4c_pump_probe";

    private Figures() {
    }

    /** Writes every figure into {@code dir}; returns their base names in report order. */
    public static List<String> write(final DemoFindings f, final Path dir) throws IOException {
        final List<String> names = new ArrayList<>();
        countsVsDeltaT(f, dir, names);
        g2VsDn(f.main, 0, "preparation", FIG_3A, dir, names);
        g2VsDn(f.main, 1, "measurement", FIG_3B, dir, names);
        g2VsGate(f, dir, names);
        g2VsDeltaT(f, dir, names);
        fourfold(f, dir, names);
        pumpProbe(f, dir, names);
        return names;
    }

    private static void countsVsDeltaT(final DemoFindings f, final Path dir, final List<String> names) throws IOException {
        final XYChart c = Charts.xy("Fig. 2c analogue: clicks per pulse versus ΔT", "ΔT (ns)", "clicks per trial (both detectors)");
        Charts.points(c, "preparation pulse", f.countsPre.x(), f.countsPre.y(), f.countsPre.sigma());
        Charts.points(c, "measurement pulse", f.countsMeas.x(), f.countsMeas.y(), f.countsMeas.sigma());
        Charts.save(c, dir, FIG_2C);
        names.add(FIG_2C);
    }

    private static void g2VsDn(final RunStatistics s, final int w, final String pulse, final String name, final Path dir,
        final List<String> names) throws IOException {
        final List<double[]> pts = new ArrayList<>();
        for (final DnPoint p : s.windows().get(w).g2ByDn()) {
            final G2 g = p.g2();
            if (g.hasSigma()) {
                pts.add(new double[] {p.dn(), g.value(), g.sigma()});
            }
        }
        final XYChart c = Charts.xy("Fig. 3" + (w == 0 ? "a" : "b") + " analogue: g2(ΔN), " + pulse + " pulse", "ΔN (trials)", "g2(ΔN)");
        c.getStyler().setLegendVisible(false);
        Charts.points(c, "g2(ΔN)", col(pts, 0), col(pts, 1), col(pts, 2));
        Charts.curve(c, "1", -s.windows().get(w).maxDn(), s.windows().get(w).maxDn(), x -> 1.0, Color.GRAY, SeriesLines.DASH_DASH);
        Charts.save(c, dir, name);
        names.add(name);
    }

    private static void g2VsGate(final DemoFindings f, final Path dir, final List<String> names) throws IOException {
        final XYChart c = Charts.xy("Fig. 3c analogue: g2_meas(0, τ_f) at ΔT = 30 ns" + fitLabel(f.tD1 == null ? null
            : String.format(Locale.ROOT, ", t_d1 = %.1f ± %.1f ns", f.tD1.timeConstant(0), f.tD1.timeConstantError(0))),
            "gate length τ_f (ns)", "g2_meas(0, τ_f)");
        final Series all = f.gateCurve;
        Charts.points(c, "g2_meas(0, τ_f)", all.x(), all.y(), all.sigma());
        if (f.tD1 != null) {
            Charts.fitWithBands(c, "fit y∞ + A e^(−τ/t_d1)", f.tD1, f.gateFitPoints.x()[0], all.x()[all.size() - 1], DemoFindings.T_D1_LEVEL);
        }
        Charts.save(c, dir, FIG_3C);
        names.add(FIG_3C);
    }

    private static void g2VsDeltaT(final DemoFindings f, final Path dir, final List<String> names) throws IOException {
        final XYChart c = Charts.xy("Fig. 3d analogue: g2_meas(0, 48 ns) versus ΔT" + fitLabel(f.tD2 == null ? null
            : String.format(Locale.ROOT, ", t_d2 = %.0f ± %.0f ns", f.tD2.timeConstant(0), f.tD2.timeConstantError(0))),
            "ΔT (ns)", "g2_meas(0, 48 ns)");
        final Series d = f.deltaTCurve;
        Charts.points(c, "g2_meas(0, 48 ns)", d.x(), d.y(), d.sigma());
        if (f.tD2 != null) {
            Charts.fitWithBands(c, "fit y∞ + A e^(−ΔT/t_d2)", f.tD2, d.x()[0], d.x()[d.size() - 1], DemoFindings.T_D2_LEVEL);
        }
        Charts.save(c, dir, FIG_3D);
        names.add(FIG_3D);
    }

    /** Outcome of a window in a pattern (bits 2w, 2w+1): 0 zero, 1 single, 2 pair. */
    private static int outcome(final int pattern, final int w) {
        final int bits = (pattern >> (2 * w)) & 3;
        return bits == 0 ? 0 : bits == 3 ? 2 : 1;
    }

    private static void fourfold(final DemoFindings f, final Path dir, final List<String> names) throws IOException {
        final long[] patterns = f.fourfoldRun.patterns();
        final double n = f.fourfoldRun.trials();
        final long[][] table = new long[3][3];
        final long[] pre = new long[3];
        final long[] meas = new long[3];
        for (int p = 0; p < patterns.length; p++) {
            table[outcome(p, 0)][outcome(p, 1)] += patterns[p];
            pre[outcome(p, 0)] += patterns[p];
            meas[outcome(p, 1)] += patterns[p];
        }
        final String[] label = {"0", "1", "2"};
        final CategoryChart c = new CategoryChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
            .title(String.format(Locale.ROOT, "Fig. 4a analogue: fourfold table, ΔT = 150 ns (n22 = %d, independence %.3g)",
                f.fourfold.n22(), f.fourfold.expectedN22()))
            .xAxisTitle("clicks: preparation pulse / measurement pulse (0 none, 1 single, 2 pair)")
            .yAxisTitle("log10(1 + trials)").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        final List<String> x = new ArrayList<>();
        final List<Double> observed = new ArrayList<>();
        final List<Double> independent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                x.add(label[i] + "/" + label[j]);
                observed.add(Math.log10(1 + table[i][j]));
                independent.add(Math.log10(1 + pre[i] * (double) meas[j] / n));
            }
        }
        c.addSeries("observed", x, observed);
        c.addSeries("independence expectation", x, independent);
        Charts.save(c, dir, FIG_4A);
        names.add(FIG_4A);
    }

    private static void pumpProbe(final DemoFindings f, final Path dir, final List<String> names) throws IOException {
        final String label = f.pumpProbeFit == null ? "" : String.format(Locale.ROOT, ", t_l = %.2f ± %.2f µs, t_s = %.2f ± %.2f µs",
            f.pumpProbeFit.timeConstant(f.slowTerm()) / 1000, f.pumpProbeFit.timeConstantError(f.slowTerm()) / 1000,
            f.pumpProbeFit.timeConstant(1 - f.slowTerm()) / 1000, f.pumpProbeFit.timeConstantError(1 - f.slowTerm()) / 1000);
        final XYChart c = Charts.xy("Fig. 4c analogue: pump–probe" + label, "pump–probe delay ΔT (ns)", "probe clicks per trial");
        final Series p = f.pumpProbe;
        Charts.points(c, "probe clicks", p.x(), p.y(), p.sigma());
        if (f.pumpProbeFit != null) {
            Charts.fitWithBands(c, "two-exponential fit (t_l, t_s)", f.pumpProbeFit, p.x()[0], p.x()[p.size() - 1],
                DemoFindings.PUMP_PROBE_LEVEL);
        }
        if (f.pumpProbeSingleFit != null) {
            Charts.curve(c, "one-exponential fit", p.x()[0], p.x()[p.size() - 1], f.pumpProbeSingleFit::value,
                new Color(40, 150, 40), SeriesLines.DASH_DOT);
        }
        Charts.save(c, dir, FIG_4C);
        names.add(FIG_4C);
    }

    private static String fitLabel(final String s) {
        return s == null ? " (fit failed)" : s;
    }

    private static double[] col(final List<double[]> pts, final int k) {
        final double[] out = new double[pts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = pts.get(i)[k];
        }
        return out;
    }
}
