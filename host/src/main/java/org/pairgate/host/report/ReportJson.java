package org.pairgate.host.report;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.pairgate.device.PgMap;
import org.pairgate.host.analysis.AnalysisConfig;
import org.pairgate.host.analysis.AnalysisResult;
import org.pairgate.host.stats.Accounting;
import org.pairgate.host.stats.DnPoint;
import org.pairgate.host.stats.Fourfold;
import org.pairgate.host.stats.G2;
import org.pairgate.host.stats.GatePoint;
import org.pairgate.host.stats.RunStatistics;
import org.pairgate.host.stats.SidePoint;
import org.pairgate.host.stats.Stationarity;
import org.pairgate.host.stats.WindowStatistics;

/**
 * The machine-readable report ({@code report.json}). Its keys are a contract other tools read:
 * {@code trials}, {@code windows.NAME.singles.CHANNEL}, {@code windows.NAME.g2[]} and
 * {@code windows.NAME.g2_vs_gate[]} (each {@code value}, {@code sigma}, {@code coincidences}),
 * {@code windows.NAME.g2_side[]} (each {@code dn}, {@code value}, {@code sigma}, {@code coincidences}: g2
 * normalised by the side peaks), {@code windows.NAME.stationarity} ({@code blocks},
 * {@code chi2_per_dof}, {@code p}, {@code stationary}), {@code patterns}, {@code fourfold},
 * {@code accounting}. Keys are only ever added.
 *
 * <p>Key order is fixed (insertion order) and nothing depends on the clock or the machine, so
 * the same input gives a byte-identical file. Everything that depends on the engine's shape
 * rather than on the data sits under {@code engine}, so the reports of two engines differ there
 * only. A missing value (σ with C = 0, a ratio over 0) is {@code null}, never NaN.
 */
public final class ReportJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ReportJson() {
    }

    /** The report as a JSON tree. */
    public static ObjectNode of(final AnalysisResult result) {
        final AnalysisConfig cfg = result.config();
        final RunStatistics st = result.statistics();
        final double res = result.resolutionPs();
        final int[] channels = cfg.detectorChannels();

        final ObjectNode root = NODES.objectNode();
        root.put("trials", st.trials());
        final ObjectNode windows = root.putObject("windows");
        for (int w = 0; w < cfg.windows(); w++) {
            windows.set(cfg.windowNames().get(w), window(st.windows().get(w), channels, res));
        }
        final ArrayNode patterns = root.putArray("patterns");
        for (final long count : st.patterns()) {
            patterns.add(count);
        }
        if (st.fourfold() != null) {
            root.set("fourfold", fourfold(st.fourfold()));
        }
        root.set("accounting", accounting(st.accounting(), channels, cfg.syncChannel()));
        if (st.crossWindow() != null) {
            final ObjectNode cross = root.putObject("cross_window");
            cross.put("a", "any detector in " + cfg.windowNames().get(0));
            cross.put("b", "any detector in " + cfg.windowNames().get(1));
            cross.put("singles_a", st.crossWindow().singlesA());
            cross.put("singles_b", st.crossWindow().singlesB());
            putG2(cross, st.crossWindow());
            putDouble(cross, "cauchy_schwarz_ratio", st.cauchySchwarzRatio());
        }
        root.put("frames", st.frames());
        root.put("frame_merges", st.frameMerges());
        root.put("source", result.source());
        root.set("config", config(cfg, res));
        root.set("engine", engine(result.engine(), result.layout()));
        return root;
    }

    /**
     * Removes, in place, what depends on where the frames were closed rather than on the tags:
     * {@code frames}, {@code frame_merges}, {@code config.frame_trials} and every window's
     * {@code stationarity} and {@code plain_normalisation_suspect} (the stationarity test's blocks
     * are runs of frames). Two analyses of the same tags with other frame cadences, or acquire and
     * analyze, agree on what is left. Returns {@code report}.
     */
    public static ObjectNode withoutFrameDependent(final ObjectNode report) {
        report.remove("frames");
        report.remove("frame_merges");
        if (report.get("config") instanceof ObjectNode config) {
            config.remove("frame_trials");
        }
        if (report.get("windows") instanceof ObjectNode windows) {
            windows.forEach(w -> {
                if (w instanceof ObjectNode win) {
                    win.remove("stationarity");
                    win.remove("plain_normalisation_suspect");
                }
            });
        }
        return report;
    }

    private static ObjectNode window(final WindowStatistics ws, final int[] channels, final double res) {
        final ObjectNode node = NODES.objectNode();
        final ObjectNode singles = node.putObject("singles");
        final long[] s = ws.singles();
        for (int d = 0; d < s.length; d++) {
            singles.put(Integer.toString(channels[d]), s[d]);
        }
        final ArrayNode g2 = node.putArray("g2");
        for (final DnPoint p : ws.g2ByDn()) {
            final ObjectNode point = g2.addObject();
            point.put("dn", p.dn());
            putG2(point, p.g2());
        }
        final ArrayNode side = node.putArray("g2_side");
        for (final SidePoint p : ws.g2Side()) {
            final ObjectNode point = side.addObject();
            point.put("dn", p.dn());
            putDouble(point, "value", p.value());
            putDouble(point, "sigma", p.sigma());
            point.put("coincidences", p.coincidences());
        }
        final WindowStatistics.SideMean mean = ws.sideMean();
        if (mean != null) {
            final ObjectNode m = node.putObject("g2_dn_nonzero_mean");
            putDouble(m, "value", mean.value());
            putDouble(m, "sigma", mean.sigma());
        }
        node.set("stationarity", stationarity(ws.stationarity(), channels));
        node.put("plain_normalisation_suspect", ws.plainNormalisationSuspect());
        final ArrayNode gate = node.putArray("g2_vs_gate");
        for (final GatePoint p : ws.g2VsGate()) {
            final ObjectNode point = gate.addObject();
            putNumber(point, "gate_ps", Picoseconds.number(p.gateTicks(), res));
            putG2(point, p.g2());
        }
        return node;
    }

    /** blocks, chi2_per_dof, p, stationary (null: not tested), then alpha, per-detector values and a note. */
    private static ObjectNode stationarity(final Stationarity s, final int[] channels) {
        final ObjectNode node = NODES.objectNode();
        node.put("blocks", s.blocks());
        putDouble(node, "chi2_per_dof", s.chi2PerDof());
        putDouble(node, "p", s.p());
        if (s.stationary() == null) {
            node.putNull("stationary");
        } else {
            node.put("stationary", s.stationary());
        }
        node.put("alpha", Stationarity.ALPHA);
        final ObjectNode det = node.putObject("detectors");
        final double[] chi2 = s.chi2ByDetector();
        final double[] p = s.pByDetector();
        for (int d = 0; d < chi2.length; d++) {
            final ObjectNode one = det.putObject(Integer.toString(channels[d]));
            putDouble(one, "chi2_per_dof", chi2[d]);
            putDouble(one, "p", p[d]);
        }
        if (s.note() != null) {
            node.put("note", s.note());
        }
        return node;
    }

    /** value, sigma (null when C = 0), coincidences. */
    static void putG2(final ObjectNode node, final G2 g2) {
        node.put("value", g2.value());
        putDouble(node, "sigma", g2.sigma());
        node.put("coincidences", g2.coincidences());
    }

    private static ObjectNode fourfold(final Fourfold f) {
        final ObjectNode node = NODES.objectNode();
        node.put("n22", f.n22());
        node.put("n20", f.n20());
        node.put("n02", f.n02());
        node.put("n00", f.n00());
        node.put("expected_n22", f.expectedN22());
        node.put("pairs_first", f.pairsFirst());
        node.put("pairs_second", f.pairsSecond());
        putDouble(node, "poisson_p", f.poissonP());
        node.put("poisson_tail", f.n22() <= f.expectedN22() ? "P(X<=n22)" : "P(X>=n22)");
        putDouble(node, "ratio", f.ratio());
        return node;
    }

    private static ObjectNode accounting(final Accounting a, final int[] channels, final int syncChannel) {
        final ObjectNode node = NODES.objectNode();
        node.put("tags", a.tags());
        node.put("syncs", a.syncs());
        node.put("sync_dropped", a.syncDropped());
        node.put("in_window", a.inWindow());
        node.put("outside", a.outside());
        node.put("before_first_sync", a.beforeFirstSync());
        node.put("out_of_order", a.outOfOrder());
        node.put("dropped_at_input", a.droppedAtInput());
        node.put("other_channel", a.otherChannel());
        final ObjectNode byChannel = node.putObject("tags_by_role");
        byChannel.put("sync", a.tagsSync());
        final ObjectNode det = byChannel.putObject("detectors");
        final long[] perDet = a.tagsDetector();
        for (int d = 0; d < perDet.length; d++) {
            det.put(Integer.toString(channels[d]), perDet[d]);
        }
        byChannel.put("other", a.tagsOther());
        node.put("balanced", a.balanced());
        return node;
    }

    private static ObjectNode config(final AnalysisConfig cfg, final double res) {
        final ObjectNode node = NODES.objectNode();
        node.put("sync_channel", cfg.syncChannel());
        final ArrayNode det = node.putArray("detectors");
        for (final int ch : cfg.detectorChannels()) {
            det.add(ch);
        }
        final ObjectNode windows = node.putObject("windows");
        final long[] starts = cfg.windowStarts();
        final long[] lengths = cfg.windowLengths();
        for (int w = 0; w < cfg.windows(); w++) {
            final ObjectNode win = windows.putObject(cfg.windowNames().get(w));
            putNumber(win, "start_ps", Picoseconds.number(starts[w], res));
            putNumber(win, "length_ps", Picoseconds.number(lengths[w], res));
        }
        final ObjectNode delays = node.putObject("delays_ps");
        cfg.delays().forEach((ch, ticks) -> putNumber(delays, Integer.toString(ch), Picoseconds.number(ticks, res)));
        putNumber(node, "bin_ps", Picoseconds.number(cfg.binTicks(), res));
        putNumber(node, "resolution_ps", Picoseconds.number(1, res));
        node.put("max_dn", cfg.maxDn());
        node.put("frame_trials", cfg.frameTrials());
        return node;
    }

    private static ObjectNode engine(final String name, final PgMap.FrameLayout l) {
        final ObjectNode node = NODES.objectNode();
        node.put("name", name);
        final ObjectNode shape = node.putObject("shape");
        shape.put("windows", l.windows);
        shape.put("detectors", l.detectors);
        shape.put("max_dn", l.maxDn);
        shape.put("bins", l.bins);
        node.put("frame_words", l.frameWords);
        return node;
    }

    private static void putDouble(final ObjectNode node, final String key, final double v) {
        if (Double.isFinite(v)) {
            node.put(key, v);
        } else {
            node.putNull(key);
        }
    }

    private static void putNumber(final ObjectNode node, final String key, final Number n) {
        if (n instanceof BigDecimal) {
            node.put(key, (BigDecimal) n);
        } else {
            node.put(key, n.longValue());
        }
    }
}
