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

/**
 * Writes a {@link Correlation} as {@value #JSON} and {@value #PNG}.
 *
 * <p>The JSON holds {@code channels [A, B]}, {@code range_ps}, {@code bin_ps} and {@code counts}
 * (2R/W integers, bin i covering {@code [−R + i·W, −R + (i+1)·W)}), then {@code tags [N_A, N_B]},
 * {@code span_ps}, {@code pairs}, {@code expected_per_bin} and, when normalised, {@code g2}
 * (see {@link Correlation} for the normalisation).
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

    /** Writes {@value #JSON} and {@value #PNG} into {@code dir} (created when missing). */
    public static void write(final Correlation c, final boolean normalise, final Path dir) throws IOException {
        Files.createDirectories(dir);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .writeValue(dir.resolve(JSON).toFile(), json(c, normalise));
        plot(c, normalise, dir.resolve(PNG));
    }

    /** A line plot of counts (or g2) against τ in ns. */
    static void plot(final Correlation c, final boolean normalise, final Path png) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        final int bins = c.counts().length;
        final double[] x = new double[bins];
        final double[] y = normalise ? c.g2() : new double[bins];
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
            .xAxisTitle("t_B - t_A (ns)").yAxisTitle(normalise ? "g2" : "pairs per bin").build();
        chart.getStyler().setLegendVisible(false);
        chart.addSeries(normalise ? "g2" : "counts", x, y).setMarker(SeriesMarkers.NONE);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** ticks × resolution as an exact decimal (an integer when it is one). */
    static BigDecimal ps(final long ticks, final double resolutionPs) {
        final BigDecimal value = new BigDecimal(Double.toString(resolutionPs)).multiply(BigDecimal.valueOf(ticks));
        final BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
