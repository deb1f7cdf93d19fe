package org.attentionlab.lesson;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.attentionlab.viz.Style;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A quantity measured over seeds against a swept setting (held-out loss against learning rate):
 * one line a configuration through the means, with an error bar of one standard deviation at each
 * point. A point may be missing (every seed of it failed); its line then skips it, and a line with no
 * point at all is left out.
 */
public final class SpreadCharts {
    private SpreadCharts() {
    }

    /**
     * Lines with markers and error bars in the house style ({@link Style#xy}).
     *
     * @param x      the swept setting, one value a point
     * @param series per line, one {@link Spread} an x, or null where there is no value
     * @param logX   a logarithmic x axis (for learning rates, sizes spanning decades)
     */
    public static XYChart line(String title, String xLabel, String yLabel, double[] x, Map<String, List<Spread>> series,
            boolean logX) {
        if (x == null || x.length == 0) {
            throw new IllegalArgumentException("x is empty");
        }
        if (series == null || series.isEmpty()) {
            throw new IllegalArgumentException("no series");
        }
        XYChart c = Style.xy(title, xLabel, yLabel);
        c.getStyler().setMarkerSize(7);
        c.getStyler().setLegendVisible(series.size() > 1);
        // outside the plot: lines through a sweep often end in a corner, where a legend inside would cover them
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setErrorBarsColorSeriesColor(true);
        c.getStyler().setXAxisLogarithmic(logX);
        for (Map.Entry<String, List<Spread>> e : series.entrySet()) {
            List<Spread> s = e.getValue();
            if (s == null || s.size() != x.length) {
                throw new IllegalArgumentException("series '" + e.getKey() + "' has " + (s == null ? "no" : s.size())
                        + " values but there are " + x.length + " x values");
            }
            List<Double> xs = new ArrayList<>(), mean = new ArrayList<>(), sd = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                if (s.get(i) != null) {
                    xs.add(x[i]);
                    mean.add(s.get(i).mean());
                    sd.add(s.get(i).sd());
                }
            }
            if (xs.isEmpty()) { // every point failed: nothing to draw
                continue;
            }
            c.addSeries(e.getKey(), xs, mean, sd).setMarker(SeriesMarkers.CIRCLE);
        }
        return c;
    }
}
