package org.attentionlab.viz;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Position encodings: the [positions, d_model] matrix as a heat map, and how similar two
 * positions' encodings are as a function of their distance.
 *
 * <p>The similarity plot is the point of the paper's sinusoids: the dot product
 * {@code PE(p) . PE(p+k) = sum_i cos(k w_i)} depends only on the offset k, not on p, and falls
 * off (not monotonically) as |k| grows, which is what lets attention reason about relative
 * position. A learned table shows whether training found something similar.
 */
public final class PositionPlots {
    private PositionPlots() {
    }

    /**
     * The paper's sinusoidal encoding, computed here so the pictures need no model:
     * PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(pos / 10000^(2i/d)).
     */
    public static double[][] sinusoidal(int positions, int dModel) {
        Args.positive("positions", positions);
        Args.positive("dModel", dModel);
        double[][] pe = new double[positions][dModel];
        for (int pos = 0; pos < positions; pos++) {
            for (int i = 0; i < dModel; i += 2) {
                double angle = pos / Math.pow(10000, (double) i / dModel);
                pe[pos][i] = Math.sin(angle);
                if (i + 1 < dModel) {
                    pe[pos][i + 1] = Math.cos(angle);
                }
            }
        }
        return pe;
    }

    /** The encoding matrix [positions][dimensions] on a diverging scale (blue negative, red positive). */
    public static HeatMap encoding(String title, double[][] pe) {
        Args.rectangular("pe", pe);
        return new HeatMap(title, pe, null, null, "position", "dimension", ColorScale.divergingFor(pe));
    }

    /**
     * Mean dot product of PE(p) and PE(p + k) over all p, against the distance k = 0 .. positions-1.
     * For the sinusoids every p gives the same value, so the mean is exact, not an average of noise.
     */
    public static XYChart similarityByDistance(String title, double[][] pe) {
        Args.rectangular("pe", pe);
        int n = pe.length;
        double[] k = new double[n];
        double[] mean = new double[n];
        for (int d = 0; d < n; d++) {
            double s = 0;
            for (int p = 0; p + d < n; p++) {
                s += dot(pe[p], pe[p + d]);
            }
            k[d] = d;
            mean[d] = s / (n - d);
        }
        XYChart c = Style.xy(title, "distance k", "mean PE(p) \u00b7 PE(p+k)");
        XYSeries s = c.addSeries("mean over p", k, mean);
        s.setMarker(SeriesMarkers.NONE);
        c.getStyler().setLegendVisible(false);
        return c;
    }

    /** PE(anchor) . PE(j) against j, one line an anchor: the similarity profile seen from fixed positions. */
    public static XYChart similarityFrom(String title, double[][] pe, int... anchors) {
        Args.rectangular("pe", pe);
        Args.notNull("anchors", anchors);
        if (anchors.length == 0) {
            throw new IllegalArgumentException("anchors is empty: give at least one position");
        }
        XYChart c = Style.xy(title, "position j", "PE(anchor) \u00b7 PE(j)");
        double[] x = new double[pe.length];
        for (int j = 0; j < x.length; j++) {
            x[j] = j;
        }
        for (int a : anchors) {
            if (a < 0 || a >= pe.length) {
                throw new IllegalArgumentException("anchor " + a + " out of range [0, " + pe.length + ")");
            }
            double[] y = new double[pe.length];
            for (int j = 0; j < y.length; j++) {
                y[j] = dot(pe[a], pe[j]);
            }
            c.addSeries("anchor " + a, x, y).setMarker(SeriesMarkers.NONE);
        }
        return c;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
