package org.attentionlab.viz;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Bar charts (timings of variants, metrics of runs) and line charts (a metric against sequence
 * length, batch size, model width) in the house style. The returned XChart objects can be
 * adjusted further, e.g. {@code chart.getStyler().setXAxisLogarithmic(true)}.
 */
public final class MetricCharts {
    private MetricCharts() {
    }

    /**
     * Grouped bars: one group a category (e.g. a variant), one bar a series (e.g. "forward",
     * "backward"); every series has one value a category.
     */
    public static CategoryChart bar(String title, String xLabel, String yLabel, List<String> categories,
            Map<String, double[]> series) {
        Args.nonEmpty("categories", categories);
        checkSeries(series, categories.size(), "categories");
        CategoryChart c = Style.bars(title, xLabel, yLabel);
        c.getStyler().setLegendVisible(series.size() > 1);
        if (categories.size() > 8) {
            c.getStyler().setXAxisLabelRotation(45);
        }
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            c.addSeries(e.getKey(), categories, Arrays.stream(e.getValue()).boxed().toList());
        }
        return c;
    }

    /** Lines with markers: each series gives one y per x (e.g. milliseconds per sequence length). */
    public static XYChart line(String title, String xLabel, String yLabel, double[] x, Map<String, double[]> series) {
        Args.nonEmpty("x", x);
        checkSeries(series, x.length, "x");
        XYChart c = Style.xy(title, xLabel, yLabel);
        c.getStyler().setMarkerSize(7);
        c.getStyler().setLegendVisible(series.size() > 1);
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            c.addSeries(e.getKey(), x, e.getValue()).setMarker(SeriesMarkers.CIRCLE);
        }
        return c;
    }

    private static void checkSeries(Map<String, double[]> series, int n, String against) {
        Args.notNull("series", series);
        if (series.isEmpty()) {
            throw new IllegalArgumentException("series is empty");
        }
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            Args.notNull("series '" + e.getKey() + "'", e.getValue());
            if (e.getValue().length != n) {
                throw new IllegalArgumentException("series '" + e.getKey() + "' has " + e.getValue().length
                        + " values but there are " + n + " " + against);
            }
        }
    }
}
