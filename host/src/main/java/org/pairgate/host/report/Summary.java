package org.pairgate.host.report;

import java.util.Locale;

import org.pairgate.host.analysis.AnalysisConfig;
import org.pairgate.host.analysis.AnalysisResult;
import org.pairgate.host.stats.Accounting;
import org.pairgate.host.stats.Fourfold;
import org.pairgate.host.stats.G2;
import org.pairgate.host.stats.RunStatistics;
import org.pairgate.host.stats.SidePoint;
import org.pairgate.host.stats.Stationarity;
import org.pairgate.host.stats.WindowStatistics;

/**
 * The few lines the CLI prints after an analysis: trials, g2(0) ± σ with C and the side-normalised
 * g2_side(0) per window, a warning line for every window whose plain normalisation should not be
 * read ({@link WindowStatistics#plainNormalisationSuspect()}), the fourfold table, accounting.
 */
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
            final SidePoint side = ws.g2Side(0);
            sb.append(String.format(Locale.US, "  %-" + width + "s  g2(0) = %s  (C = %d, singles ch %d: %d, ch %d: %d)%s%n",
                cfg.windowNames().get(w), value, g.coincidences(), ch[0], ws.singles()[0], ch[1], ws.singles()[1],
                side == null ? "" : " ; side-normalised g2_side(0) = " + ReportMarkdown.side(side)));
        }
        for (int w = 0; w < cfg.windows(); w++) {
            final String warning = warning(cfg.windowNames().get(w), st.windows().get(w));
            if (warning != null) {
                sb.append("  ").append(warning).append('\n');
            }
        }
        final Fourfold f = st.fourfold();
        if (f != null) {
            sb.append(String.format(Locale.US, "  fourfold  n22 = %d (expected %s), n20 = %d, n02 = %d, n00 = %d%n",
                f.n22(), ReportMarkdown.fmt(f.expectedN22()), f.n20(), f.n02(), f.n00()));
        }
        final Accounting a = st.accounting();
        sb.append(String.format(Locale.US,
            "  tags %d = syncs %d + syncs dropped %d + in windows %d + outside %d + before first sync %d"
                + " + out of order %d + other %d%s: %s%n",
            a.tags(), a.syncs(), a.syncDropped(), a.inWindow(), a.outside(), a.beforeFirstSync(), a.outOfOrder(),
            a.otherChannel(), a.droppedAtInput() == 0 ? "" : " + dropped at the link input " + a.droppedAtInput(),
            a.balanced() ? "balanced" : "NOT BALANCED"));
        return sb.toString();
    }

    /**
     * One line saying which normalisation to read and why, or null when the plain g2 can be read:
     * the singles failed the stationarity test, or the mean of g2(ΔN ≠ 0) is more than
     * {@link WindowStatistics#SIDE_MEAN_SIGMAS} σ from 1.
     */
    public static String warning(final String window, final WindowStatistics ws) {
        if (!ws.plainNormalisationSuspect()) {
            return null;
        }
        final StringBuilder why = new StringBuilder();
        final Stationarity s = ws.stationarity();
        if (Boolean.FALSE.equals(s.stationary())) {
            why.append(String.format(Locale.US, "singles not stationary (χ²/dof = %.2f over %d blocks, p = %s < %s)",
                s.chi2PerDof(), s.blocks(), ReportMarkdown.fmtP(s.p()), Stationarity.ALPHA));
        }
        final WindowStatistics.SideMean m = ws.sideMean();
        if (m != null && m.sigma() > 0 && m.sigmasFromOne() > WindowStatistics.SIDE_MEAN_SIGMAS) {
            why.append(why.length() > 0 ? " and " : "").append(String.format(Locale.US,
                "mean g2(ΔN≠0) = %.3f ± %.3f is %.0fσ from 1", m.value(), m.sigma(), m.sigmasFromOne()));
        }
        final SidePoint side = ws.g2Side(0);
        final String read = side == null ? "analyze again with --max-dn 8 for the side-normalised g2_side, which does not "
            + "depend on the singles" : "read the side-normalised g2_side(0) = " + ReportMarkdown.side(side)
            + " (C(0) over the mean side peak, independent of the singles)";
        return "WARNING " + window + ": " + why + ": the click rate is not constant over the run, so g2 = N·C/(S1·S2) is "
            + "biased; " + read;
    }
}
