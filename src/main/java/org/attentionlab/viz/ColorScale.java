package org.attentionlab.viz;

import java.awt.Color;

/**
 * Maps a value to a colour for heat maps.
 *
 * <p>Two kinds: <em>sequential</em> (white to dark blue) for non-negative quantities such as
 * attention weights, where white means "no attention"; and <em>diverging</em> (blue, white,
 * red, symmetric about zero) for signed quantities such as position encodings, where the eye
 * should read the sign first. Interpolation is linear in sRGB between a few anchors, which is
 * monotone in lightness for these anchors, so darker always means larger magnitude.
 * NaN maps to a light grey, which is how masked cells show.
 */
public final class ColorScale {
    static final Color NAN = new Color(238, 238, 238);
    private static final Color[] SEQUENTIAL = {
        new Color(255, 255, 255), new Color(190, 215, 236), new Color(95, 160, 208), new Color(30, 95, 165),
        new Color(8, 40, 100),
    };
    private static final Color[] DIVERGING = {
        new Color(30, 80, 160), new Color(140, 180, 220), new Color(255, 255, 255), new Color(235, 150, 130),
        new Color(170, 25, 40),
    };

    private final Color[] anchors;
    private final double lo;
    private final double hi;

    private ColorScale(Color[] anchors, double lo, double hi) {
        if (!(hi > lo)) {
            hi = lo + 1; // a constant matrix: every cell gets the low colour
        }
        this.anchors = anchors;
        this.lo = lo;
        this.hi = hi;
    }

    /** White at {@code lo}, dark blue at {@code hi}. */
    public static ColorScale sequential(double lo, double hi) {
        return new ColorScale(SEQUENTIAL, lo, hi);
    }

    /** Blue at {@code -absMax}, white at 0, red at {@code +absMax}. */
    public static ColorScale diverging(double absMax) {
        double m = Math.abs(absMax);
        return new ColorScale(DIVERGING, -m, m);
    }

    /** A sequential scale over the finite values of {@code m} (from 0 when all are >= 0). */
    public static ColorScale sequentialFor(double[][] m) {
        double[] r = range(m);
        return sequential(Math.min(0, r[0]), r[1]);
    }

    /** A diverging scale whose ends are the largest magnitude in {@code m}. */
    public static ColorScale divergingFor(double[][] m) {
        double[] r = range(m);
        return diverging(Math.max(Math.abs(r[0]), Math.abs(r[1])));
    }

    public double low() {
        return lo;
    }

    public double high() {
        return hi;
    }

    public Color color(double v) {
        if (Double.isNaN(v)) {
            return NAN;
        }
        double t = (v - lo) / (hi - lo);
        t = Math.max(0, Math.min(1, t)) * (anchors.length - 1);
        int i = Math.min((int) t, anchors.length - 2);
        double f = t - i;
        Color a = anchors[i];
        Color b = anchors[i + 1];
        return new Color(mix(a.getRed(), b.getRed(), f), mix(a.getGreen(), b.getGreen(), f),
                mix(a.getBlue(), b.getBlue(), f));
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }

    /** {min, max} over the finite entries; {0, 1} when there are none. */
    static double[] range(double[][] m) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : m) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return lo > hi ? new double[] {0, 1} : new double[] {lo, hi};
    }
}
