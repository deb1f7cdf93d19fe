package org.attentionlab.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Training and validation loss against step for one or several runs on one chart, and the
 * learning rate on a chart of its own.
 *
 * <p>One run: training loss in {@link Role#TRAIN}'s colour (solid), validation loss in
 * {@link Role#VALIDATION}'s (dashed, with markers), the same in every lesson. Several runs: each
 * run gets one colour and keeps the roles' line styles (training solid, validation dashed), so
 * variants compare at a glance and the legend stays short.
 */
public final class LossCurves {
    private LossCurves() {
    }

    public static XYChart chart(List<History> runs) {
        return chart(runs, CurveOptions.defaults());
    }

    public static XYChart chart(History run, CurveOptions options) {
        return chart(List.of(run), options);
    }

    /** Loss against step for every run in {@code runs}; names must be distinct. */
    public static XYChart chart(List<History> runs, CurveOptions options) {
        checkRuns(runs);
        Args.notNull("options", options);
        XYChart c = Style.xy("Loss", "step", options.logScale() ? "loss (log scale)" : "loss");
        c.getStyler().setYAxisLogarithmic(options.logScale());
        for (int r = 0; r < runs.size(); r++) {
            History h = runs.get(r);
            boolean one = runs.size() == 1;
            Color color = one ? Role.TRAIN.color() : Style.color(r);
            Color valColor = one ? Role.VALIDATION.color() : color;
            double[] x = h.steps();
            double[] y = h.trainLoss();
            if (h.size() > 0) {
                checkLog(options, h.name() + " training loss", y);
                if (options.smoothing() > 0) {
                    XYSeries raw = c.addSeries(h.name() + " (raw)", x, y);
                    raw.setLineColor(faint(color));
                    raw.setLineStyle(new BasicStroke(1f));
                    raw.setMarker(SeriesMarkers.NONE);
                    raw.setShowInLegend(false);
                    y = Smoothing.ema(y, options.smoothing());
                }
                XYSeries s = Role.TRAIN.apply(c.addSeries(label(h, runs.size(), "train"), x, y));
                s.setLineColor(color);
            }
            if (options.validation() && h.validationSize() > 0) {
                double[] vy = h.validationLoss();
                checkLog(options, h.name() + " validation loss", vy);
                XYSeries v = Role.VALIDATION.apply(
                        c.addSeries(label(h, runs.size(), "validation"), h.validationSteps(), vy));
                v.setLineColor(valColor);
                v.setMarkerColor(valColor);
            }
        }
        if (c.getSeriesMap().isEmpty()) {
            throw new IllegalArgumentException("runs hold no loss values: " + runs);
        }
        c.getStyler().setMarkerSize(6);
        return c;
    }

    /** Learning rate against step for every run that recorded one. */
    public static XYChart learningRate(List<History> runs) {
        checkRuns(runs);
        XYChart c = Style.xy("Learning rate", "step", "learning rate");
        c.getStyler().setYAxisDecimalPattern("0.0E0");
        for (int r = 0; r < runs.size(); r++) {
            History h = runs.get(r);
            if (!h.hasLearningRate()) {
                continue;
            }
            XYSeries s = c.addSeries(h.name(), finite(h.steps(), h.learningRate(), true),
                    finite(h.steps(), h.learningRate(), false));
            s.setLineColor(Style.color(r));
            s.setMarker(SeriesMarkers.NONE);
        }
        if (c.getSeriesMap().isEmpty()) {
            throw new IllegalArgumentException("no run recorded a learning rate: " + runs);
        }
        return c;
    }

    private static String label(History h, int runs, String what) {
        return runs == 1 ? what : h.name() + " " + what;
    }

    private static void checkRuns(List<History> runs) {
        Args.nonEmpty("runs", runs);
        Set<String> names = new HashSet<>();
        for (History h : runs) {
            Args.notNull("run", h);
            if (!names.add(h.name())) {
                throw new IllegalArgumentException("run names must be distinct, '" + h.name() + "' appears twice");
            }
        }
    }

    private static void checkLog(CurveOptions o, String what, double[] y) {
        if (!o.logScale()) {
            return;
        }
        for (double v : y) {
            if (v <= 0) {
                throw new IllegalArgumentException("log scale needs positive values, " + what + " has " + v);
            }
        }
    }

    /** The x (or y) values of the points whose y is not NaN. */
    private static double[] finite(double[] x, double[] y, boolean wantX) {
        return java.util.stream.IntStream.range(0, x.length).filter(i -> !Double.isNaN(y[i]))
                .mapToDouble(i -> wantX ? x[i] : y[i]).toArray();
    }

    private static Color faint(Color c) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), 70);
    }
}
