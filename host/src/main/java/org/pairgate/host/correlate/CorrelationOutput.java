package org.pairgate.host.correlate;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.pairgate.host.stats.SidePoint;

/**
 * Writes a {@link Correlation} as {@value #JSON} and {@value #PNG}.
 *
 * <p>The JSON holds {@code channels [A, B]}, {@code range_ps}, {@code bin_ps} and {@code counts}
 * (2R/W integers, bin i covering {@code [−R + i·W, −R + (i+1)·W)}), then {@code tags [N_A, N_B]},
 * {@code span_ps}, {@code pairs}, {@code expected_per_bin} and, when normalised, {@code g2}
 * (see {@link Correlation} for the normalisation). With the pulsed normalisation
 * ({@link PulsedPeaks}) {@code g2} is counts over the mean side-peak area, and the document adds
 * {@code normalization: "pulsed"}, {@code period_ps}, {@code period_from}, {@code side_peaks},
 * {@code mean_side_area} and {@code peaks} ({@code k}, {@code tau_ps}, {@code area}, {@code g2},
 * {@code sigma}).
 */
public final class CorrelationOutput {
    public static final String JSON = "correlation.json";
    public static final String PNG = "correlation.png";

    private CorrelationOutput() {
    }

    /** The JSON document as an ordered map. */
    public static Map<String, Object> json(final Correlation c, final boolean normalise) {
        final Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("channels", List.of(c.channelA(), c.channelB()));
        doc.put("range_ps", ps(c.rangeTicks(), c.resolutionPs()));
        doc.put("bin_ps", ps(c.binTicks(), c.resolutionPs()));
        doc.put("counts", c.counts());
        doc.put("tags", List.of(c.tagsA(), c.tagsB()));
        doc.put("span_ps", ps(c.spanTicks(), c.resolutionPs()));
        doc.put("pairs", c.pairs());
        final double expected = c.expectedPerBin();
        doc.put("expected_per_bin", Double.isFinite(expected) ? expected : null);
        if (normalise) {
            final List<Double> g2 = new ArrayList<>();
            for (final double v : c.g2()) {
                g2.add(Double.isFinite(v) ? v : null);
            }
            doc.put("g2", g2);
        }
        return doc;
    }

    /** The JSON document of the pulsed normalisation; {@code periodFrom} says where T came from. */
    public static Map<String, Object> json(final Correlation c, final PulsedPeaks pulsed, final String periodFrom) {
        final Map<String, Object> doc = json(c, false);
        doc.put("normalization", "pulsed");
        doc.put("period_ps", ps(pulsed.periodTicks(), c.resolutionPs()));
        doc.put("period_from", periodFrom);
        doc.put("side_peaks", pulsed.sidePeaks());
        doc.put("mean_side_area", finite(pulsed.meanSideArea()));
        final List<Map<String, Object>> peaks = new ArrayList<>();
        for (final SidePoint p : pulsed.peaks()) {
            final Map<String, Object> peak = new LinkedHashMap<>();
            peak.put("k", p.dn());
            peak.put("tau_ps", ps(p.dn() * pulsed.periodTicks(), c.resolutionPs()));
            peak.put("area", p.coincidences());
            peak.put("g2", finite(p.value()));
            peak.put("sigma", finite(p.sigma()));
            peaks.add(peak);
        }
        doc.put("peaks", peaks);
        final List<Double> g2 = new ArrayList<>();
        for (final double v : pulsed.normalised(c)) {
            g2.add(finite(v));
        }
        doc.put("g2", g2);
        return doc;
    }

    private static Double finite(final double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** Writes the pulsed form of {@value #JSON} and {@value #PNG} (g2 = counts / mean side-peak area). */
    public static void write(final Correlation c, final PulsedPeaks pulsed, final String periodFrom, final Path dir)
        throws IOException {
        Files.createDirectories(dir);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .writeValue(dir.resolve(JSON).toFile(), json(c, pulsed, periodFrom));
        plot(c, pulsed.normalised(c), "g2 (side-peak normalised)", dir.resolve(PNG));
    }

    /** Writes {@value #JSON} and {@value #PNG} into {@code dir} (created when missing). */
    public static void write(final Correlation c, final boolean normalise, final Path dir) throws IOException {
        Files.createDirectories(dir);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .writeValue(dir.resolve(JSON).toFile(), json(c, normalise));
        plot(c, normalise, dir.resolve(PNG));
    }

    /** A line plot of counts (or g2) against τ in ns. */
    static void plot(final Correlation c, final boolean normalise, final Path png) throws IOException {
        plot(c, normalise ? c.g2() : null, "g2", png);
    }

    /** Counts (values null) or the given normalised values against τ in ns. */
    private static void plot(final Correlation c, final double[] values, final String yTitle, final Path png) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        final boolean normalise = values != null;
        final int bins = c.counts().length;
        final double[] x = new double[bins];
        final double[] y = normalise ? values.clone() : new double[bins];
        for (int i = 0; i < bins; i++) {
            x[i] = (c.binStart(i) + c.binTicks() / 2.0) * c.resolutionPs() / 1000.0;
            if (!normalise) {
                y[i] = c.counts()[i];
            } else if (!Double.isFinite(y[i])) {
                y[i] = 0;
            }
        }
        final XYChart chart = new XYChartBuilder().width(900).height(500)
            .title("correlation of channels " + c.channelA() + " and " + c.channelB())
            .xAxisTitle("t_B - t_A (ns)").yAxisTitle(normalise ? yTitle : "pairs per bin").build();
        chart.getStyler().setLegendVisible(false);
        chart.addSeries(normalise ? "g2" : "counts", x, y).setMarker(SeriesMarkers.NONE);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** ticks × resolution as an exact decimal (an integer when it is one). */
    public static BigDecimal ps(final long ticks, final double resolutionPs) {
        final BigDecimal value = new BigDecimal(Double.toString(resolutionPs)).multiply(BigDecimal.valueOf(ticks));
        final BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
