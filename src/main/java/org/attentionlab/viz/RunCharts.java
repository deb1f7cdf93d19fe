package org.attentionlab.viz;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts of {@code attention-lab summarize}: how one run's validation loss and validation BLEU
 * moved with training steps, and how test BLEU grows with the number of training pairs across runs.
 *
 * <p>Loss and BLEU are drawn in two panels, one above the other on the same step axis, rather than
 * on two y-axes of one chart: their scales are unrelated, and on a small translation task the point
 * of the picture is that the loss turns upwards while BLEU is still rising (docs/results.md), which
 * two panels show without the reader matching each line to its axis.
 */
public final class RunCharts {
    /** The height of each panel of {@link #curves}, in pixels. */
    public static final int PANEL_HEIGHT = 340;

    private RunCharts() {
    }

    /**
     * Validation loss (top) and, when {@code bleuSteps} is not empty, validation BLEU (bottom)
     * against training step, as one image.
     */
    public static BufferedImage curves(String title, double[] lossSteps, double[] validLoss, double[] bleuSteps,
            double[] bleu) {
        checkPairs("validation loss", lossSteps, validLoss);
        checkPairs("validation BLEU", bleuSteps, bleu);
        if (lossSteps.length == 0 && bleuSteps.length == 0) {
            throw new IllegalArgumentException("the run recorded neither validation losses nor BLEU: nothing to draw");
        }
        List<XYChart> panels = new ArrayList<>();
        if (lossSteps.length > 0) {
            panels.add(panel(title + ": validation loss", "loss", lossSteps, validLoss, Role.VALIDATION.color()));
        }
        if (bleuSteps.length > 0) {
            String t = panels.isEmpty() ? title + ": validation BLEU" : "validation BLEU (greedy)";
            panels.add(bleuAxis(panel(t, "BLEU", bleuSteps, bleu, Style.color(2)), bleu));
        }
        return stacked(panels);
    }

    /**
     * Test BLEU against training pairs (log x axis), one line a decoding ({@code greedy},
     * {@code beam}); a decoding's NaN values are runs that did not record it, left out of its line.
     */
    public static XYChart bleuBySize(String title, double[] trainPairs, Map<String, double[]> bleuByDecoding) {
        Args.nonEmpty("trainPairs", trainPairs);
        Args.notNull("bleuByDecoding", bleuByDecoding);
        XYChart c = Style.xy(title, "training pairs (log scale)", "test BLEU");
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setMarkerSize(8);
        c.getStyler().setLegendVisible(true);
        int i = 0;
        for (Map.Entry<String, double[]> e : bleuByDecoding.entrySet()) {
            double[] y = e.getValue();
            if (y.length != trainPairs.length) {
                throw new IllegalArgumentException("series '" + e.getKey() + "' has " + y.length + " values but there are "
                        + trainPairs.length + " runs");
            }
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int k = 0; k < y.length; k++) {
                if (Double.isFinite(y[k])) {
                    if (!(trainPairs[k] > 0)) {
                        throw new IllegalArgumentException("training pairs must be positive on a log axis, got "
                                + trainPairs[k]);
                    }
                    xs.add(trainPairs[k]);
                    ys.add(y[k]);
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            XYSeries s = c.addSeries(e.getKey(), xs, ys);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(Style.color(i));
            s.setMarkerColor(Style.color(i));
            i++;
        }
        if (c.getSeriesMap().isEmpty()) {
            throw new IllegalArgumentException("no run recorded a test BLEU: nothing to draw");
        }
        double top = 0;
        for (double[] y : bleuByDecoding.values()) {
            for (double v : y) {
                top = Double.isFinite(v) ? Math.max(top, v) : top;
            }
        }
        return bleuAxis(c, new double[] {top});
    }

    /**
     * BLEU's axis starts at 0, where BLEU does: an axis fitted to the values alone makes a rise from
     * 0.1 to 0.3 look like one from nothing to everything. All zeros get the range 0-1 (XChart would
     * otherwise invent one around the single value).
     */
    private static XYChart bleuAxis(XYChart c, double[] values) {
        double top = 0;
        for (double v : values) {
            top = Double.isFinite(v) ? Math.max(top, v) : top;
        }
        c.getStyler().setYAxisMin(0.0);
        if (top <= 0) {
            c.getStyler().setYAxisMax(1.0);
        }
        return c;
    }

    private static XYChart panel(String title, String yLabel, double[] x, double[] y, java.awt.Color color) {
        XYChart c = Style.xy(title, "step", yLabel, Style.WIDTH, PANEL_HEIGHT);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setMarkerSize(6);
        XYSeries s = c.addSeries(yLabel, x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineColor(color);
        s.setMarkerColor(color);
        return c;
    }

    /** The panels' images one above the other, the width of the widest. */
    private static BufferedImage stacked(List<XYChart> panels) {
        List<BufferedImage> images = new ArrayList<>();
        int width = 0;
        int height = 0;
        for (XYChart p : panels) {
            BufferedImage img = Charts.toImage(p);
            images.add(img);
            width = Math.max(width, img.getWidth());
            height += img.getHeight();
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Style.BACKGROUND);
            g.fillRect(0, 0, width, height);
            int y = 0;
            for (BufferedImage img : images) {
                g.drawImage(img, 0, y, null);
                y += img.getHeight();
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private static void checkPairs(String what, double[] x, double[] y) {
        Args.notNull(what + " steps", x);
        Args.notNull(what + " values", y);
        if (x.length != y.length) {
            throw new IllegalArgumentException(what + ": " + x.length + " steps but " + y.length + " values");
        }
    }
}
