package org.pairgate.host.plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.DoubleUnaryOperator;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.pairgate.host.fit.FitResult;

/**
 * The few chart idioms the figures share, on XChart: data with error bars, a fitted curve with
 * its confidence and prediction bands, and saving as PNG and SVG. Headless: no display needed.
 */
public final class Charts {
    public static final int WIDTH = 760;
    public static final int HEIGHT = 520;
    private static final int CURVE_POINTS = 200;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    static XYChart xy(final String title, final String xTitle, final String yTitle) {
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
            .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setAntiAlias(true);
        return chart;
    }

    /** Points with error bars, no line. */
    static XYSeries points(final XYChart chart, final String name, final double[] x, final double[] y, final double[] sigma) {
        if (x.length == 0) {
            // nothing measurable (a run too short for any coincidence): an empty chart that says so
            chart.setTitle(chart.getTitle() + " — no data");
            final XYSeries s = chart.addSeries(name + " (no data)", new double[] {0}, new double[] {0});
            s.setMarker(SeriesMarkers.NONE);
            s.setShowInLegend(false);
            return s;
        }
        final XYSeries s = chart.addSeries(name, x, y, sigma);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        return s;
    }

    /** A curve f over [from, to]. */
    static XYSeries curve(final XYChart chart, final String name, final double from, final double to,
        final DoubleUnaryOperator f, final Color color, final java.awt.BasicStroke line) {
        final double[] x = new double[CURVE_POINTS];
        final double[] y = new double[CURVE_POINTS];
        for (int i = 0; i < CURVE_POINTS; i++) {
            x[i] = from + (to - from) * i / (CURVE_POINTS - 1);
            y[i] = f.applyAsDouble(x[i]);
        }
        final XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(line);
        return s;
    }

    /** The fit with its confidence band and prediction band at {@code level}. */
    static void fitWithBands(final XYChart chart, final String name, final FitResult fit, final double from, final double to,
        final double level) {
        curve(chart, name, from, to, fit::value, new Color(200, 30, 30), SeriesLines.SOLID);
        final String pct = Math.round(level * 100) + " %";
        curve(chart, pct + " confidence band", from, to, x -> fit.value(x) + fit.band(x, level, false),
            new Color(230, 120, 40), SeriesLines.DASH_DASH);
        curve(chart, " " + pct + " confidence band", from, to, x -> fit.value(x) - fit.band(x, level, false),
            new Color(230, 120, 40), SeriesLines.DASH_DASH).setShowInLegend(false);
        curve(chart, pct + " prediction band", from, to, x -> fit.value(x) + fit.band(x, level, true),
            new Color(120, 120, 200), SeriesLines.DOT_DOT);
        curve(chart, " " + pct + " prediction band", from, to, x -> fit.value(x) - fit.band(x, level, true),
            new Color(120, 120, 200), SeriesLines.DOT_DOT).setShowInLegend(false);
    }

    /** Writes {@code dir/name.png} and {@code dir/name.svg}. */
    static void save(final Chart<?, ?> chart, final Path dir, final String name) throws IOException {
        final String base = dir.resolve(name).toString();
        BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
        VectorGraphicsEncoder.saveVectorGraphic(chart, base, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    }
}
