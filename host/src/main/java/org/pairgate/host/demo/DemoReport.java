package org.pairgate.host.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.pairgate.host.demo.PaperNumbers.Tolerance;
import org.pairgate.host.fit.FitResult;
import org.pairgate.host.physics.ExperimentModel;
import org.pairgate.host.stats.CauchySchwarz;
import org.pairgate.host.stats.DnPoint;
import org.pairgate.host.stats.G2;
import org.pairgate.host.stats.SidePoint;
import org.pairgate.host.stats.Stationarity;
import org.pairgate.host.stats.WindowStatistics;

/**
 * The demo's report.json and report.md: which engine counted, how many trials each part used,
 * the comparison with the paper, the Cauchy–Schwarz verdicts, the conditioned statistics, the
 * fourfold table, the fits and the figures. Deterministic for fixed seeds: no clock, no paths,
 * fixed key order.
 */
public final class DemoReport {
    public static final String JSON = "report.json";
    public static final String MARKDOWN = "report.md";

    private final DemoFindings f;
    private final List<Part> parts;
    private final long seed;
    private final String engineNote;
    private final String campaignEngine;
    private final List<String> figures;

    /**
     * @param engineNote one sentence on which engine counted and the rtl cross-check
     */
    public DemoReport(final DemoFindings findings, final List<Part> parts, final long seed, final String campaignEngine,
        final String engineNote, final List<String> figures) {
        this.f = findings;
        this.parts = List.copyOf(parts);
        this.seed = seed;
        this.campaignEngine = campaignEngine;
        this.engineNote = engineNote;
        this.figures = List.copyOf(figures);
    }

    /** The rows of the comparison with the paper, in table order. */
    public List<PaperNumbers> comparison() {
        final List<PaperNumbers> rows = new ArrayList<>();
        rows.add(row("g2_pre_0", "g2_pre(0)", f.g2Pre, 4.8, 0.4));
        rows.add(row("g2_meas_0_39ns", "g2_meas(0, 39 ns)", f.g2Meas39, 4.7, 1.1));
        rows.add(row("g2_meas_0_48ns", "g2_meas(0, 48 ns)", f.g2Meas48, 3.5, 0.5));
        rows.add(row("g2_pre_b_0", "g2_pre,b(0) = g_b (blue only)", f.gB, 1.90, 0.24));
        rows.add(row("g2_pre_r_0", "g2_pre,r(0) = g_r (red only)", f.gR, 1.88, 0.42));
        rows.add(row("g2_meas_r_0", "g2_meas,r(0) (red only, whole window)", f.gMeasR, 1.92, 0.14));
        rows.add(significance("cs_sigma_pre", "g2_pre above the classical bound (σ of g2)", f.csPre.violationSigmaPaper(), 4.9));
        rows.add(significance("cs_sigma_meas_39ns", "g2_meas(0, 39 ns) above the bound (σ of g2)", f.csMeas39.violationSigmaPaper(), 1.5));
        rows.add(significance("thermal_sigma_meas_48ns", "g2_meas(0, 48 ns) above thermal g_meas,r (σ of g2)",
            f.thermalSigmaMeas48, 3.1));
        final double[] dn = meanOffDiagonal();
        rows.add(new PaperNumbers("g2_dn_nonzero", "g2(ΔN ≠ 0), pre, weighted mean", dn[0], dn[1], 1.0, Double.NaN,
            Tolerance.WITHIN_TWO_SIGMA));
        rows.add(fit("t_d1_ns", "t_d1 (g2_meas vs τ_f, ΔT = 30 ns), ns", f.tD1, 0, 1, 15, Tolerance.WITHIN_TWO_SIGMA));
        rows.add(fit("t_d2_ns", "t_d2 (g2_meas(0, 48 ns) vs ΔT), ns", f.tD2, 0, 1, 132, Tolerance.FIT_WITHIN_ONE_SIGMA));
        rows.add(new PaperNumbers("n22", "n22 at ΔT = 150 ns", f.fourfold.n22(), Double.NaN, 0, Double.NaN, Tolerance.EQUAL));
        if (f.pumpProbeFit != null) {
            rows.add(fit("t_l_us", "t_l (pump–probe), µs", f.pumpProbeFit, f.slowTerm(), 1000, 1.46, Tolerance.WITHIN_TWO_SIGMA));
            rows.add(fit("t_s_us", "t_s (pump–probe), µs", f.pumpProbeFit, 1 - f.slowTerm(), 1000, 0.22, Tolerance.WITHIN_TWO_SIGMA));
        } else {
            rows.add(new PaperNumbers("t_l_us", "t_l (pump–probe), µs (fit failed)", Double.NaN, Double.NaN, 1.46, Double.NaN,
                Tolerance.WITHIN_TWO_SIGMA));
            rows.add(new PaperNumbers("t_s_us", "t_s (pump–probe), µs (fit failed)", Double.NaN, Double.NaN, 0.22, Double.NaN,
                Tolerance.WITHIN_TWO_SIGMA));
        }
        return rows;
    }

    private static PaperNumbers row(final String key, final String label, final G2 g, final double paper, final double paperSigma) {
        return new PaperNumbers(key, label, g.value(), g.sigma(), paper, paperSigma, Tolerance.SIGMA_AND_VALUE);
    }

    private static PaperNumbers significance(final String key, final String label, final double value, final double paper) {
        return new PaperNumbers(key, label, value, Double.NaN, paper, Double.NaN, Tolerance.SIGNIFICANCE);
    }

    private static PaperNumbers fit(final String key, final String label, final FitResult fit, final int term, final double unit,
        final double paper, final Tolerance tolerance) {
        if (fit == null) {
            return new PaperNumbers(key, label + " (fit failed)", Double.NaN, Double.NaN, paper, Double.NaN, tolerance);
        }
        return new PaperNumbers(key, label, fit.timeConstant(term) / unit, fit.timeConstantError(term) / unit, paper, Double.NaN,
            tolerance);
    }

    /** Inverse-variance mean of g2(ΔN ≠ 0) of the pre window, with its σ. */
    private double[] meanOffDiagonal() {
        double sw = 0;
        double swy = 0;
        for (final DnPoint p : f.main.windows().get(0).g2ByDn()) {
            if (p.dn() != 0 && p.g2().hasSigma() && p.g2().sigma() > 0) {
                final double w = 1 / (p.g2().sigma() * p.g2().sigma());
                sw += w;
                swy += w * p.g2().value();
            }
        }
        return sw > 0 ? new double[] {swy / sw, Math.sqrt(1 / sw)} : new double[] {Double.NaN, Double.NaN};
    }

    // ------------------------------------------------------------------ JSON

    public ObjectNode json() {
        final JsonNodeFactory nf = JsonNodeFactory.instance;
        final ObjectNode root = nf.objectNode();
        root.put("preset", "paper");
        root.put("seed", seed);
        final ObjectNode engine = root.putObject("engine");
        engine.put("campaign", campaignEngine);
        engine.put("note", engineNote);
        final ArrayNode ps = root.putArray("parts");
        long total = 0;
        for (final Part p : parts) {
            final ObjectNode o = ps.addObject();
            o.put("name", p.name());
            o.put("role", p.role());
            o.put("mode", p.model().mode().cliName());
            o.put("delta_t_ns", p.model().deltaTPs() / 1000.0);
            o.put("trials", p.model().trials());
            o.put("seed", p.seed());
            total += p.model().trials();
        }
        root.put("total_trials", total);
        final ObjectNode cmp = root.putObject("paper_comparison");
        for (final PaperNumbers r : comparison()) {
            final ObjectNode o = cmp.putObject(r.key());
            if (r.key().equals("n22")) {
                o.put("value", (long) r.value()); // a count
            } else {
                num(o, "value", r.value());
            }
            num(o, "sigma", r.sigma());
            num(o, "paper", r.paper());
            num(o, "paper_sigma", r.paperSigma());
            num(o, "sigma_ratio", r.sigmaRatio());
            o.put("tolerance", r.tolerance().description());
            o.put("within_tolerance", r.withinTolerance());
        }
        final ObjectNode cs = root.putObject("cauchy_schwarz");
        verdict(cs.putObject("pre"), f.csPre);
        verdict(cs.putObject("meas_39ns"), f.csMeas39);
        final ObjectNode th = cs.putObject("meas_48ns_vs_thermal");
        num(th, "g2", f.g2Meas48.value());
        num(th, "g_meas_r", f.gMeasR.value());
        num(th, "violation_sigma_paper", f.thermalSigmaMeas48);
        num(th, "violation_sigma_propagated", f.thermalSigmaMeas48Propagated);
        final ObjectNode tm = cs.putObject("two_mode");
        g2(tm.putObject("cross_window"), f.cross);
        num(tm, "ratio", f.twoModeRatio[0]);
        num(tm, "sigma", f.twoModeRatio[1]);
        tm.put("nonclassical", f.twoModeRatio[0] > 1);
        final ObjectNode cond = root.putObject("conditioned");
        g2(cond.putObject("meas_given_pre_zero"), f.measGivenPreZero);
        g2(cond.putObject("meas_given_pre_single"), f.measGivenPreSingle);
        g2(cond.putObject("meas_given_pre_pair"), f.measGivenPrePair);
        g2(cond.putObject("pre_given_meas_zero"), f.preGivenMeasZero);
        g2(cond.putObject("pre_given_meas_pair"), f.preGivenMeasPair);
        final ObjectNode ff = root.putObject("fourfold_150ns");
        ff.put("trials", f.fourfoldRun.trials());
        ff.put("n22", f.fourfold.n22());
        ff.put("n20", f.fourfold.n20());
        ff.put("n02", f.fourfold.n02());
        ff.put("n00", f.fourfold.n00());
        ff.put("pairs_first", f.fourfold.pairsFirst());
        ff.put("pairs_second", f.fourfold.pairsSecond());
        num(ff, "expected_n22", f.fourfold.expectedN22());
        num(ff, "poisson_p", f.fourfold.poissonP());
        final ObjectNode fits = root.putObject("fits");
        fitJson(fits, "t_d1", f.tD1, "gate length τ_f (ns)", DemoFindings.T_D1_LEVEL);
        fitJson(fits, "t_d2", f.tD2, "ΔT (ns)", DemoFindings.T_D2_LEVEL);
        fitJson(fits, "pump_probe", f.pumpProbeFit, "pump–probe delay (ns)", DemoFindings.PUMP_PROBE_LEVEL);
        series(root.putObject("series"));
        normalisationJson(root.putObject("normalisation_main"));
        final ObjectNode model = root.putObject("model");
        modelJson(model, ExperimentModel.paper());
        final ArrayNode figs = root.putArray("figures");
        for (final String name : figures) {
            figs.add(name + ".png");
            figs.add(name + ".svg");
        }
        return root;
    }

    private void series(final ObjectNode o) {
        seriesJson(o.putObject("g2_meas_vs_gate_ns"), f.gateCurve);
        seriesJson(o.putObject("g2_meas_48ns_vs_delta_t_ns"), f.deltaTCurve);
        seriesJson(o.putObject("clicks_pre_vs_delta_t_ns"), f.countsPre);
        seriesJson(o.putObject("clicks_meas_vs_delta_t_ns"), f.countsMeas);
        seriesJson(o.putObject("pump_probe_clicks_vs_delay_ns"), f.pumpProbe);
    }

    private static void seriesJson(final ObjectNode o, final Series s) {
        final ArrayNode x = o.putArray("x");
        final ArrayNode y = o.putArray("y");
        final ArrayNode e = o.putArray("sigma");
        for (int i = 0; i < s.size(); i++) {
            x.add(s.x()[i]);
            y.add(s.y()[i]);
            e.add(s.sigma()[i]);
        }
    }

    private static void modelJson(final ObjectNode o, final ExperimentModel m) {
        num(o, "p_b", m.pB());
        num(o, "p_r", m.pR());
        num(o, "p_pre", m.pB() * m.pR());
        num(o, "p_meas", m.pMeas());
        num(o, "n_th", m.nTh());
        num(o, "pre_heat_phonons", m.preHeatPhonons());
        num(o, "heat_delayed_phonons", m.heatDelayed());
        num(o, "heat_prompt_phonons", m.heatPrompt());
        num(o, "prompt_exponent", m.promptExponent());
        num(o, "g_noise_pre", m.gNoisePre());
        num(o, "g_noise_meas", m.gNoiseMeas());
        num(o, "t_l_ns", m.tLPs() / 1000);
        num(o, "t_s_ns", m.tSPs() / 1000);
        num(o, "efficiency", m.efficiency());
        num(o, "splitter_imbalance", m.splitterImbalance());
        num(o, "efficiency_detector_1", m.detectorEfficiency(0));
        num(o, "efficiency_detector_2", m.detectorEfficiency(1));
        num(o, "dead_time_ns", m.deadTimePs() / 1000.0);
        num(o, "jitter_sigma_ps", m.jitterSigmaPs());
        num(o, "dark_rate_hz", m.darkRateHz());
        num(o, "trial_period_us", m.periodPs() / 1e6);
        num(o, "pre_fwhm_ns", m.preFwhmPs() / 1000.0);
        num(o, "meas_fwhm_ns", m.measFwhmPs() / 1000.0);
    }

    private static void verdict(final ObjectNode o, final CauchySchwarz.Verdict v) {
        num(o, "g2", v.g2());
        num(o, "sigma", v.sigma());
        num(o, "g_r", v.gr());
        num(o, "sigma_g_r", v.sigmaGr());
        num(o, "g_b", v.gb());
        num(o, "sigma_g_b", v.sigmaGb());
        num(o, "max_bound", v.maxBound());
        num(o, "eta_at_max", v.etaAtMax());
        num(o, "paper_bound", v.paperBound());
        num(o, "bound", v.bound());
        num(o, "sigma_bound", v.sigmaBound());
        num(o, "violation_sigma_paper", v.violationSigmaPaper());
        num(o, "violation_sigma_propagated", v.violationSigma());
        o.put("violated", v.violated());
    }

    private static void g2(final ObjectNode o, final G2 g) {
        o.put("trials", g.trials());
        o.put("singles_a", g.singlesA());
        o.put("singles_b", g.singlesB());
        o.put("coincidences", g.coincidences());
        num(o, "value", g.value());
        num(o, "sigma", g.sigma());
    }

    private static void fitJson(final ObjectNode parent, final String key, final FitResult fit, final String x, final double level) {
        if (fit == null) {
            parent.putNull(key);
            return;
        }
        final ObjectNode o = parent.putObject(key);
        o.put("model", fit.terms() == 1 ? "y_inf + A exp(-x/t)" : "y_inf + A1 exp(-x/t1) + A2 exp(-x/t2)");
        o.put("x", x);
        num(o, "y_inf", fit.offset());
        num(o, "sigma_y_inf", fit.standardError(0));
        final ArrayNode terms = o.putArray("terms");
        for (int j = 0; j < fit.terms(); j++) {
            final ObjectNode t = terms.addObject();
            num(t, "amplitude", fit.amplitude(j));
            num(t, "sigma_amplitude", fit.standardError(1 + 2 * j));
            num(t, "t", fit.timeConstant(j));
            num(t, "sigma_t", fit.timeConstantError(j));
        }
        num(o, "chi_square", fit.chiSquare());
        o.put("dof", fit.dof());
        num(o, "band_level", level);
    }

    /**
     * Per window of the main run: plain g2(0), the side-normalised g2_side(0), the mean of
     * g2(ΔN ≠ 0) and the stationarity test (issue 17; docs/statistics.md). The simulated source
     * has a constant rate, so the two normalisations agree and nothing is flagged.
     */
    private void normalisationJson(final ObjectNode o) {
        final String[] names = {"pre", "meas"};
        for (int w = 0; w < f.main.windows().size() && w < names.length; w++) {
            final WindowStatistics ws = f.main.windows().get(w);
            final ObjectNode n = o.putObject(names[w]);
            g2(n.putObject("g2_0"), ws.g2Zero());
            final SidePoint side = ws.g2Side(0);
            final ObjectNode sn = n.putObject("g2_side_0");
            num(sn, "value", side == null ? Double.NaN : side.value());
            num(sn, "sigma", side == null ? Double.NaN : side.sigma());
            final WindowStatistics.SideMean mean = ws.sideMean();
            num(n, "g2_dn_nonzero_mean", mean == null ? Double.NaN : mean.value());
            num(n, "g2_dn_nonzero_mean_sigma", mean == null ? Double.NaN : mean.sigma());
            final Stationarity st = ws.stationarity();
            n.put("blocks", st.blocks());
            num(n, "chi2_per_dof", st.chi2PerDof());
            num(n, "p", st.p());
            if (st.stationary() == null) {
                n.putNull("stationary");
            } else {
                n.put("stationary", st.stationary());
            }
            n.put("plain_normalisation_suspect", ws.plainNormalisationSuspect());
        }
    }

    private String normalisationMarkdown() {
        final StringBuilder sb = new StringBuilder("## Normalisation check, main run\n\n"
            + "| window | g2(0) | g2_side(0) | mean g2(ΔN ≠ 0) | singles stationary (χ²/dof, p) |\n|---|---|---|---|---|\n");
        final String[] names = {"pre", "meas"};
        for (int w = 0; w < f.main.windows().size() && w < names.length; w++) {
            final WindowStatistics ws = f.main.windows().get(w);
            final SidePoint side = ws.g2Side(0);
            final WindowStatistics.SideMean mean = ws.sideMean();
            final Stationarity st = ws.stationarity();
            sb.append("| ").append(names[w]).append(" | ").append(pm(ws.g2Zero().value(), ws.g2Zero().sigma())).append(" | ")
                .append(side == null ? "–" : pm(side.value(), side.sigma())).append(" | ")
                .append(mean == null ? "–" : pm(mean.value(), mean.sigma())).append(" | ")
                .append(st.stationary() == null ? "not tested (" + st.note() + ")"
                    : (st.stationary() ? "yes" : "**no**") + String.format(Locale.ROOT, " (%.2f, %.3g)", st.chi2PerDof(), st.p()))
                .append(" |\n");
        }
        boolean flagged = false;
        for (final WindowStatistics ws : f.main.windows()) {
            flagged |= ws.plainNormalisationSuspect();
        }
        sb.append(flagged ? "\n**A window is flagged** (singles not stationary, or g2(ΔN ≠ 0) more than 5σ from 1): read its "
            + "g2_side" : "\nNo window is flagged (the simulated source has a constant rate): read g2; g2_side, with its "
            + "larger σ, is the cross-check").append(" (docs/statistics.md, \"Two normalisations of pulsed g2\").\n\n");
        return sb.toString();
    }

    private static void num(final ObjectNode o, final String key, final double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    // ------------------------------------------------------------------ Markdown

    /**
     * The comparison table (Markdown), also printed by the command: the demo's value and σ beside
     * the paper's, demo σ / paper σ, and whether the row meets its tolerance (rows outside are
     * marked "✗ outside" and listed under the table).
     */
    public String comparisonTable() {
        final StringBuilder sb = new StringBuilder();
        sb.append("| quantity | demo | paper | demo σ / paper σ | tolerance |\n|---|---|---|---|---|\n");
        final List<String> outside = new ArrayList<>();
        for (final PaperNumbers r : comparison()) {
            final boolean sigmaRow = r.tolerance() == Tolerance.SIGNIFICANCE;
            sb.append("| ").append(r.label()).append(" | ").append(sigmaRow ? sig(r.value()) : pm(r.value(), r.sigma()))
                .append(" | ").append(sigmaRow ? sig(r.paper()) : pm(r.paper(), r.paperSigma())).append(" | ")
                .append(Double.isFinite(r.sigmaRatio()) ? String.format(Locale.ROOT, "%.2f", r.sigmaRatio()) : "—").append(" | ")
                .append(r.withinTolerance() ? "✓ " : "**✗ outside:** ").append(r.tolerance().description()).append(" |\n");
            if (!r.withinTolerance()) {
                outside.add(r.key());
            }
        }
        sb.append(outside.isEmpty() ? "\nEvery row is within its tolerance.\n"
            : "\nOutside tolerance: " + String.join(", ", outside) + ".\n");
        return sb.toString();
    }

    private static String sig(final double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1fσ", v) : "—";
    }

    static String pm(final double v, final double s) {
        if (!Double.isFinite(v)) {
            return "—";
        }
        if (!Double.isFinite(s)) {
            return fmt(v);
        }
        return fmt(v) + " ± " + fmt(s);
    }

    static String fmt(final double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        final double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 0.1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    public String markdown() {
        final StringBuilder sb = new StringBuilder();
        sb.append("# pairgate demo: the phonon-pair experiment, simulated and analysed\n\n");
        sb.append("The paper preset of the physics simulator (docs/simulator.md) run through the firmware core. ")
            .append(engineNote).append("\n\n");
        sb.append("## Runs\n\n| part | purpose | mode | ΔT | trials | seed |\n|---|---|---|---|---|---|\n");
        long total = 0;
        for (final Part p : parts) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s ns | %,d | %d |%n", p.name(), p.role(),
                p.model().mode().cliName(), fmt(p.model().deltaTPs() / 1000.0), p.model().trials(), p.seed()));
            total += p.model().trials();
        }
        sb.append(String.format(Locale.ROOT, "%nTotal: %,d trials. Trial counts: the fourfold run uses the paper's N ≈ 1.4×10⁸; "
            + "every other run's N is derived from the error bar of the number it gives (docs/simulator.md), so that the demo's σ's "
            + "are the paper's; the ΔT sweep runs each point as long as the fourfold run, to pin t_d2. The simulator skips silent "
            + "trials, so a silent trial costs a share of one sync-run word through the core.%n%n", total));
        sb.append("## Comparison with the paper\n\n").append(comparisonTable()).append('\n');
        sb.append("## Cauchy–Schwarz\n\n");
        verdictMd(sb, "g2_pre(0)", f.csPre);
        verdictMd(sb, "g2_meas(0, 39 ns)", f.csMeas39);
        sb.append(String.format(Locale.ROOT, "- g2_meas(0, 48 ns) = %s against the thermal g_meas,r(0) = %s: %.1fσ (σ of g2), "
            + "%.1fσ (both σ's).%n", pm(f.g2Meas48.value(), f.g2Meas48.sigma()), pm(f.gMeasR.value(), f.gMeasR.sigma()),
            f.thermalSigmaMeas48, f.thermalSigmaMeas48Propagated));
        sb.append(String.format(Locale.ROOT, "- Two-mode ratio R = g2_cross² / (g2_pre · g2_meas) = %s with g2_cross = %s "
            + "(any click in pre with any click in meas, C = %d): %s.%n%n", pm(f.twoModeRatio[0], f.twoModeRatio[1]),
            pm(f.cross.value(), f.cross.sigma()), f.cross.coincidences(), f.twoModeRatio[0] > 1 ? "nonclassical (R > 1)" : "R ≤ 1"));
        sb.append("## Conditioned statistics (Eq. 4), main run\n\n| condition | trials | S_a | S_b | C | g2 |\n|---|---|---|---|---|---|\n");
        condMd(sb, "meas given a zero in pre", f.measGivenPreZero);
        condMd(sb, "meas given a single in pre", f.measGivenPreSingle);
        condMd(sb, "meas given a pair in pre", f.measGivenPrePair);
        condMd(sb, "pre given a zero in meas", f.preGivenMeasZero);
        condMd(sb, "pre given a pair in meas", f.preGivenMeasPair);
        sb.append(String.format(Locale.ROOT, "%n## Fourfold table at ΔT = 150 ns%n%n%,d trials: n22 = %d, n20 = %d, n02 = %d, "
            + "n00 = %,d; pairs in pre %d, in meas %d; independence expects n22 = %.3g (Poisson P = %.3g).%n%n",
            f.fourfoldRun.trials(), f.fourfold.n22(), f.fourfold.n20(), f.fourfold.n02(), f.fourfold.n00(),
            f.fourfold.pairsFirst(), f.fourfold.pairsSecond(), f.fourfold.expectedN22(), f.fourfold.poissonP()));
        sb.append(normalisationMarkdown());
        sb.append("## Fits\n\n");
        fitMd(sb, "t_d1: g2_meas(0, τ_f) for τ_f = 30…96 ns (2 ns steps), ΔT = 30 ns; 99 % bands", f.tD1, "ns", 1);
        fitMd(sb, "t_d2: g2_meas(0, 48 ns) versus ΔT; 75 % bands", f.tD2, "ns", 1);
        fitMd(sb, "pump–probe: probe clicks per trial versus delay, two exponentials; 95 % bands", f.pumpProbeFit, "µs", 1000);
        sb.append("\nThe g2-versus-gate points are cumulative and share trials: the fit treats them as independent, so its "
            + "standard error of t_d1 is optimistic.\n\n## Figures\n\n");
        for (final String name : figures) {
            sb.append("![").append(name).append("](").append(name).append(".png)\n\n");
        }
        return sb.toString();
    }

    private static void verdictMd(final StringBuilder sb, final String what, final CauchySchwarz.Verdict v) {
        sb.append(String.format(Locale.ROOT, "- %s = %s against g_r = %s, g_b = %s: max_η B(η) = %.3f (η = %.2f), (3/2)√(g_r g_b) = %.3f; "
            + "bound %.3f ± %.3f. %s by %.1fσ (σ of g2, the paper's convention), %.1fσ (bound's error included).%n",
            what, pm(v.g2(), v.sigma()), pm(v.gr(), v.sigmaGr()), pm(v.gb(), v.sigmaGb()), v.maxBound(), v.etaAtMax(),
            v.paperBound(), v.bound(), v.sigmaBound(), v.violated() ? "Violated" : "Not violated",
            v.violationSigmaPaper(), v.violationSigma()));
    }

    private static void condMd(final StringBuilder sb, final String what, final G2 g) {
        sb.append(String.format(Locale.ROOT, "| %s | %,d | %d | %d | %d | %s |%n", what, g.trials(), g.singlesA(), g.singlesB(),
            g.coincidences(), g.coincidences() == 0 ? "C = 0" : pm(g.value(), g.sigma())));
    }

    private static void fitMd(final StringBuilder sb, final String what, final FitResult fit, final String unit, final double scale) {
        if (fit == null) {
            sb.append("- ").append(what).append(": the fit did not converge.\n");
            return;
        }
        sb.append("- ").append(what).append(": y∞ = ").append(pm(fit.offset(), fit.standardError(0)));
        for (int j = 0; j < fit.terms(); j++) {
            sb.append(", A").append(j + 1).append(" = ").append(pm(fit.amplitude(j), fit.standardError(1 + 2 * j)))
                .append(", t").append(j + 1).append(" = ").append(pm(fit.timeConstant(j) / scale, fit.timeConstantError(j) / scale))
                .append(' ').append(unit);
        }
        sb.append(String.format(Locale.ROOT, "; χ² = %.1f for %d degrees of freedom.%n", fit.chiSquare(), fit.dof()));
    }

    /** Writes report.json and report.md into dir. */
    public void write(final Path dir) throws IOException {
        final DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        final String json = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN).writer(pretty)
            .writeValueAsString(json()) + "\n";
        Files.writeString(dir.resolve(JSON), json, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(MARKDOWN), markdown(), StandardCharsets.UTF_8);
    }
}
