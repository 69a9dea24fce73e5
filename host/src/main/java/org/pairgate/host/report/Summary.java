package org.pairgate.host.report;

import java.util.Locale;

import org.pairgate.host.analysis.AnalysisConfig;
import org.pairgate.host.analysis.AnalysisResult;
import org.pairgate.host.stats.Accounting;
import org.pairgate.host.stats.Fourfold;
import org.pairgate.host.stats.G2;
import org.pairgate.host.stats.RunStatistics;
import org.pairgate.host.stats.WindowStatistics;

/** The few lines the CLI prints after an analysis: trials, g2(0) ± σ with C per window, accounting. */
public final class Summary {
    private Summary() {
    }

    public static String of(final AnalysisResult result) {
        final AnalysisConfig cfg = result.config();
        final RunStatistics st = result.statistics();
        final int[] ch = cfg.detectorChannels();
        final StringBuilder sb = new StringBuilder();
        sb.append(st.trials()).append(" trials, ").append(st.frames()).append(" frames")
            .append(st.frameMerges() > 0 ? " (+" + st.frameMerges() + " closes merged)" : "").append(", engine ")
            .append(result.engine())
            .append(", ").append(result.source()).append('\n');
        int width = 0;
        for (final String n : cfg.windowNames()) {
            width = Math.max(width, n.length());
        }
        for (int w = 0; w < cfg.windows(); w++) {
            final WindowStatistics ws = st.windows().get(w);
            final G2 g = ws.g2Zero();
            final String value = g.hasSigma() ? ReportMarkdown.g2(g) : "0 (no sigma)";
            sb.append(String.format(Locale.ROOT, "  %-" + width + "s  g2(0) = %s  (C = %d, singles ch %d: %d, ch %d: %d)%n",
                cfg.windowNames().get(w), value, g.coincidences(), ch[0], ws.singles()[0], ch[1], ws.singles()[1]));
        }
        final Fourfold f = st.fourfold();
        if (f != null) {
            sb.append(String.format(Locale.ROOT, "  fourfold  n22 = %d (expected %s), n20 = %d, n02 = %d, n00 = %d%n",
                f.n22(), ReportMarkdown.fmt(f.expectedN22()), f.n20(), f.n02(), f.n00()));
        }
        final Accounting a = st.accounting();
        sb.append(String.format(Locale.ROOT,
            "  tags %d = syncs %d + syncs dropped %d + in windows %d + outside %d + before first sync %d"
                + " + out of order %d + other %d%s: %s%n",
            a.tags(), a.syncs(), a.syncDropped(), a.inWindow(), a.outside(), a.beforeFirstSync(), a.outOfOrder(),
            a.otherChannel(), a.droppedAtInput() == 0 ? "" : " + dropped at the link input " + a.droppedAtInput(),
            a.balanced() ? "balanced" : "NOT BALANCED"));
        return sb.toString();
    }
}
