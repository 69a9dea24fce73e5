package org.pairgate.host.report;

import java.util.List;
import java.util.Locale;

import org.pairgate.host.analysis.AnalysisConfig;
import org.pairgate.host.analysis.AnalysisResult;
import org.pairgate.host.stats.Accounting;
import org.pairgate.host.stats.Fourfold;
import org.pairgate.host.stats.G2;
import org.pairgate.host.stats.GatePoint;
import org.pairgate.host.stats.RunStatistics;
import org.pairgate.host.stats.SidePoint;
import org.pairgate.host.stats.Stationarity;
import org.pairgate.host.stats.WindowStatistics;

/**
 * The human-readable report ({@code report.md}): the same numbers as {@code report.json}, as
 * tables a reader scans, with the long series (g2 versus gate, patterns) abbreviated.
 * Deterministic: fixed locale, no clock.
 */
public final class ReportMarkdown {
    /** Rows of g2 versus gate shown per window; the full series is in report.json. */
    public static final int GATE_ROWS = 16;
    /** Pattern rows shown; beyond this only the non-zero patterns with the most trials. */
    public static final int PATTERN_ROWS = 64;

    private ReportMarkdown() {
    }

    public static String of(final AnalysisResult result) {
        final AnalysisConfig cfg = result.config();
        final RunStatistics st = result.statistics();
        final double res = result.resolutionPs();
        final int[] ch = cfg.detectorChannels();
        final List<String> names = cfg.windowNames();
        final StringBuilder sb = new StringBuilder(8192);

        sb.append("# pairgate report\n\n");
        sb.append("| | |\n|---|---|\n");
        row(sb, "source", escape(result.source()));
        row(sb, "engine", result.engine() + " (W=" + result.layout().windows + ", D=" + result.layout().detectors
            + ", K=" + result.layout().maxDn + ", B=" + result.layout().bins + ")");
        row(sb, "trials N", Long.toString(st.trials()));
        row(sb, "frames", Long.toString(st.frames()));
        row(sb, "frame closes merged (core's frame ring full; no count lost)", Long.toString(st.frameMerges()));
        row(sb, "sync channel", cfg.syncChannel() + delay(cfg, cfg.syncChannel(), res));
        final StringBuilder det = new StringBuilder();
        for (int d = 0; d < ch.length; d++) {
            det.append(d == 0 ? "" : ", ").append(ch[d]).append(delay(cfg, ch[d], res));
        }
        row(sb, "detector channels (HBT pair: first two)", det.toString());
        row(sb, "arrival bin", Picoseconds.text(cfg.binTicks(), res) + " ps");
        row(sb, "resolution", fmtPlain(res) + " ps/tick");
        sb.append('\n');

        sb.append("## Windows: singles and g2(0)\n\n");
        sb.append("| window | start (ps) | length (ps) |");
        for (final int c : ch) {
            sb.append(" S ch ").append(c).append(" |");
        }
        sb.append(" C | g2(0) ± σ |\n|---|---|---|");
        sb.append("---|".repeat(ch.length)).append("---|---|\n");
        for (int w = 0; w < names.size(); w++) {
            final WindowStatistics ws = st.windows().get(w);
            sb.append("| ").append(names.get(w)).append(" | ").append(Picoseconds.text(cfg.windowStarts()[w], res))
                .append(" | ").append(Picoseconds.text(cfg.windowLengths()[w], res)).append(" |");
            for (final long s : ws.singles()) {
                sb.append(' ').append(s).append(" |");
            }
            final G2 g = ws.g2Zero();
            sb.append(' ').append(g.coincidences()).append(" | ").append(g2(g)).append(" |\n");
        }
        sb.append('\n');

        sb.append("## g2(ΔN) of the HBT pair (ΔN > 0: channel ").append(ch[1]).append(" in the later trial)\n\n");
        sb.append("g2 = N'·C/(S'_a·S'_b); g2_side = C per pair of trials over the mean of the side peaks 1 ≤ |ΔN| ≤ K "
            + "(docs/statistics.md).\n\n");
        sb.append("| ΔN |");
        for (final String n : names) {
            sb.append(' ').append(n).append(" g2 ± σ | ").append(n).append(" g2_side ± σ | ").append(n).append(" C |");
        }
        sb.append("\n|---|").append("---|---|---|".repeat(names.size())).append('\n');
        for (int dn = -cfg.maxDn(); dn <= cfg.maxDn(); dn++) {
            sb.append("| ").append(dn).append(" |");
            for (final WindowStatistics ws : st.windows()) {
                final G2 g = ws.g2(dn);
                sb.append(' ').append(g2(g)).append(" | ").append(side(ws.g2Side(dn))).append(" | ")
                    .append(g.coincidences()).append(" |");
            }
            sb.append('\n');
        }
        sb.append('\n');
        normalisation(sb, st, names);

        sb.append("## g2(0) versus gate length (abbreviated; every bin is in report.json)\n\n");
        for (int w = 0; w < names.size(); w++) {
            final List<GatePoint> pts = st.windows().get(w).g2VsGate();
            sb.append("### ").append(names.get(w)).append("\n\n| gate (ps) | S ch ").append(ch[0]).append(" | S ch ")
                .append(ch[1]).append(" | C | g2 ± σ |\n|---|---|---|---|---|\n");
            final int n = pts.size();
            final int step = Math.max(1, (n + GATE_ROWS - 1) / GATE_ROWS);
            for (int i = 0; i < n; i++) {
                if ((i + 1) % step != 0 && i != n - 1) {
                    continue;
                }
                final GatePoint p = pts.get(i);
                sb.append("| ").append(Picoseconds.text(p.gateTicks(), res)).append(" | ").append(p.g2().singlesA())
                    .append(" | ").append(p.g2().singlesB()).append(" | ").append(p.g2().coincidences()).append(" | ")
                    .append(g2(p.g2())).append(" |\n");
            }
            sb.append('\n');
        }

        patterns(sb, st.patterns(), st.trials(), names, ch);

        if (st.fourfold() != null) {
            final Fourfold f = st.fourfold();
            sb.append("## Fourfold table (").append(names.get(0)).append(" × ").append(names.get(1))
                .append("; pair = channels ").append(ch[0]).append(" and ").append(ch[1]).append(" both clicked)\n\n");
            sb.append("| | |\n|---|---|\n");
            row(sb, "n22 (pair, pair)", Long.toString(f.n22()));
            row(sb, "n20 (pair, zero)", Long.toString(f.n20()));
            row(sb, "n02 (zero, pair)", Long.toString(f.n02()));
            row(sb, "n00 (zero, zero)", Long.toString(f.n00()));
            row(sb, "n2· / n·2 (pairs in " + names.get(0) + " / " + names.get(1) + ")", f.pairsFirst() + " / " + f.pairsSecond());
            row(sb, "expected n22 = n2·n·2/N", fmt(f.expectedN22()));
            row(sb, "ratio n22 / expected", fmt(f.ratio()));
            row(sb, (f.n22() <= f.expectedN22() ? "P(X ≤ n22)" : "P(X ≥ n22)") + ", X ~ Poisson(expected)", fmtP(f.poissonP()));
            sb.append('\n');
        }

        if (st.crossWindow() != null) {
            final G2 x = st.crossWindow();
            sb.append("## Cross-window g2 (any detector in ").append(names.get(0)).append(" with any detector in ")
                .append(names.get(1)).append(")\n\n| S_a | S_b | C | g2 ± σ | R = g2_x² / (g2_").append(names.get(0))
                .append(" g2_").append(names.get(1)).append(") |\n|---|---|---|---|---|\n| ")
                .append(x.singlesA()).append(" | ").append(x.singlesB()).append(" | ").append(x.coincidences()).append(" | ")
                .append(g2(x)).append(" | ").append(fmt(st.cauchySchwarzRatio())).append(" |\n\n");
        }

        accounting(sb, st.accounting(), ch);
        return sb.toString();
    }

    /** Which normalisation to read: mean of the side g2, the χ² test of the singles per block, the verdict. */
    private static void normalisation(final StringBuilder sb, final RunStatistics st, final List<String> names) {
        sb.append("## Normalisation check: side peaks and stationarity of the singles\n\n");
        sb.append("| window | g2(0) ± σ | g2_side(0) ± σ | mean g2(ΔN ≠ 0) ± σ | blocks | χ²/dof | p (α = ")
            .append(Stationarity.ALPHA).append(") | stationary | read |\n|---|---|---|---|---|---|---|---|---|\n");
        for (int w = 0; w < names.size(); w++) {
            final WindowStatistics ws = st.windows().get(w);
            final WindowStatistics.SideMean m = ws.sideMean();
            final Stationarity s = ws.stationarity();
            sb.append("| ").append(names.get(w)).append(" | ").append(g2(ws.g2Zero())).append(" | ")
                .append(side(ws.g2Side(0))).append(" | ").append(m == null ? "–" : fmt(m.value()) + " ± " + fmt(m.sigma()))
                .append(" | ").append(s.blocks()).append(" | ").append(fmt(s.chi2PerDof())).append(" | ").append(fmtP(s.p()))
                .append(" | ").append(s.stationary() == null ? "not tested: " + escape(s.note()) : s.stationary() ? "yes" : "**no**")
                .append(" | ").append(ws.plainNormalisationSuspect() ? "**g2_side**" : "g2").append(" |\n");
        }
        sb.append("\ng2 = N·C/(S_a·S_b) assumes a click rate constant over the run; when the singles are not stationary "
            + "or g2(ΔN ≠ 0) is more than ").append((int) WindowStatistics.SIDE_MEAN_SIGMAS)
            .append("σ from 1, read g2_side, which divides by the side peaks of the same run.\n\n");
    }

    /** "1.0123 ± 0.0512", "0 (C = 0)", or "–" without side peaks. */
    static String side(final SidePoint p) {
        if (p == null || !Double.isFinite(p.value())) {
            return "–";
        }
        return p.hasSigma() ? fmt(p.value()) + " ± " + fmt(p.sigma()) : "0 (C = 0)";
    }

    private static void patterns(final StringBuilder sb, final long[] patterns, final long trials,
        final List<String> names, final int[] ch) {
        sb.append("## Click patterns\n\n");
        int shownRows = 0;
        final boolean all = patterns.length <= PATTERN_ROWS;
        sb.append(all ? "" : "Only the first " + PATTERN_ROWS + " non-zero patterns are shown; report.json has all "
            + patterns.length + ".\n\n");
        sb.append("| pattern | clicks (window:channel) | trials | fraction |\n|---|---|---|---|\n");
        for (int p = 0; p < patterns.length && shownRows < PATTERN_ROWS; p++) {
            if (!all && patterns[p] == 0) {
                continue;
            }
            shownRows++;
            sb.append("| ").append(p).append(" | ").append(label(p, names, ch)).append(" | ").append(patterns[p])
                .append(" | ").append(trials == 0 ? "–" : fmt((double) patterns[p] / trials)).append(" |\n");
        }
        sb.append('\n');
    }

    private static String label(final int p, final List<String> names, final int[] ch) {
        if (p == 0) {
            return "none";
        }
        final StringBuilder s = new StringBuilder();
        for (int bit = 0; bit < names.size() * ch.length; bit++) {
            if ((p >>> bit & 1) != 0) {
                s.append(s.length() == 0 ? "" : " ").append(names.get(bit / ch.length)).append(':').append(ch[bit % ch.length]);
            }
        }
        return s.toString();
    }

    private static void accounting(final StringBuilder sb, final Accounting a, final int[] ch) {
        sb.append("## Tag accounting\n\n| category | tags |\n|---|---|\n");
        row(sb, "syncs", Long.toString(a.syncs()));
        row(sb, "syncs dropped (sync-delay queue full)", Long.toString(a.syncDropped()));
        row(sb, "in a window", Long.toString(a.inWindow()));
        row(sb, "outside every window", Long.toString(a.outside()));
        row(sb, "before the first sync", Long.toString(a.beforeFirstSync()));
        row(sb, "out of order (dropped)", Long.toString(a.outOfOrder()));
        row(sb, "dropped at the input (link FIFO full)", Long.toString(a.droppedAtInput()));
        row(sb, "other channels", Long.toString(a.otherChannel()));
        row(sb, "**tags received**", "**" + a.tags() + "**");
        final long[] det = a.tagsDetector();
        final StringBuilder perRole = new StringBuilder("sync ").append(a.tagsSync());
        for (int d = 0; d < det.length; d++) {
            perRole.append(", ch ").append(ch[d]).append(' ').append(det[d]);
        }
        perRole.append(", other ").append(a.tagsOther());
        row(sb, "received by role", perRole.toString());
        row(sb, "invariant (received = sum of categories)", a.balanced() ? "holds" : "**VIOLATED**");
        sb.append('\n');
    }

    private static String delay(final AnalysisConfig cfg, final int channel, final double res) {
        final long d = cfg.delayOf(channel);
        return d == 0 ? "" : " (delay " + Picoseconds.text(d, res) + " ps)";
    }

    private static void row(final StringBuilder sb, final String key, final String value) {
        sb.append("| ").append(key).append(" | ").append(value).append(" |\n");
    }

    /** "4.8123 ± 0.4012", or "0 (C = 0)" without a standard error. */
    static String g2(final G2 g) {
        return g.hasSigma() ? fmt(g.value()) + " ± " + fmt(g.sigma()) : "0 (C = 0)";
    }

    /*
     * Locale.US, not ROOT: the same characters ('.', '-', digits 0-9, no grouping without the ','
     * flag), but java.util.Formatter takes them as constants for US, while for any other locale it
     * first loads the locale providers and CLDR data (17 classes, some 10-30 ms in a fresh JVM:
     * issue 15, time to first result). ReportWriterTest compares the two.
     */
    static String fmt(final double v) {
        if (!Double.isFinite(v)) {
            return "–";
        }
        return String.format(Locale.US, "%.4f", v);
    }

    static String fmtP(final double p) {
        return Double.isFinite(p) ? String.format(Locale.US, "%.4g", p) : "–";
    }

    private static String fmtPlain(final double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static String escape(final String s) {
        return s.replace("|", "\\|");
    }
}
