package org.attentionlab.viz;

import java.awt.Font;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;

/**
 * Round axis ticks (1, 2 or 5 times a power of ten) that do not overlap at the chart's size.
 *
 * <p>Why this is needed with XChart 3.8: its number axis has two ways to place ticks. The usual
 * one already steps by 1, 2, 5 or 10 x 10^k. But when the x values of all series, together with
 * the axis ends, are <em>equally spaced</em> (a loss logged every step, positions 0..n-1) it
 * instead labels every k-th data value, k the first that fits, which gives 23, 46, 69, ... XChart
 * 3.8 offers no way to pass tick positions, so this class steers it: it picks the step itself,
 * sets the axis ends to multiples of the step (d3's "nice" bounds, so the axis starts and ends
 * on a labelled tick), moves an end by 2e-4 when the values would still be equally spaced (the
 * test XChart uses has a 1e-4 tolerance; 2e-4 is far below a pixel on any axis longer than 1),
 * and sets XChart's tick spacing hint to the step's width in pixels so that XChart lands on the
 * same step. Labels fit because the step is chosen so that the widest label plus a gap fits
 * between two ticks.
 *
 * <p>Log axes: XChart labels either only powers of ten or every 1..9 x 10^k; this picks the
 * latter only where the tightest pair (9 and 10) is still far enough apart, and sets the ends
 * to powers of ten (decades only) or to 1, 2, 5 x 10^k, so there are always labelled ends.
 *
 * <p>The ends depend on the data, so they are computed when the chart is painted ({@link #xy}
 * and {@link #bars} make charts that do so) or when {@link Style#roundTicks} is called.
 * Limits the caller set on the styler are kept.
 */
public final class Ticks {
    /** Pixels of the chart width that are not plot (y tick labels, axis title, padding): an over-estimate. */
    static final int X_RESERVED = 150;
    /** Pixels of the chart height that are not plot (title, x tick labels, axis title, padding). */
    static final int Y_RESERVED = 140;
    /** Smallest distance between two y ticks: about three text lines. */
    static final double MIN_Y_SPACING = 42;
    /** Smallest distance between two x ticks even for short labels: about 8 ticks on an 800 px chart. */
    static final double MIN_X_SPACING = 64;
    private static final double[] MANTISSAS = {1, 2, 5};
    private static final double NUDGE = 2e-4;

    private Ticks() {
    }

    /**
     * The smallest step m x 10^k (m = 1, 2, 5) for which ticks over the nice bounds of [lo, hi]
     * are far enough apart on an axis of {@code pixels}: on an x axis ({@code horizontal}) the
     * widest label (in {@code font}) plus a quarter of it and 12 px, and at least
     * {@link #MIN_X_SPACING}; on a y axis {@link #MIN_Y_SPACING}.
     */
    public static double step(double lo, double hi, double pixels, Font font, boolean horizontal) {
        if (!(hi > lo)) {
            double pad = lo == 0 ? 1 : Math.abs(lo) / 10;
            lo -= pad;
            hi += pad;
        }
        int k = (int) Math.floor(Math.log10((hi - lo) / Math.max(1, pixels / 10))) - 1;
        for (; ; k++) {
            for (double m : MANTISSAS) {
                double s = clean(m * Math.pow(10, k));
                double[] b = bounds(lo, hi, s);
                double px = s / (b[1] - b[0]) * pixels;
                double need = horizontal
                        ? Math.max(MIN_X_SPACING, 1.25 * Math.max(labelWidth(font, b[0], s), labelWidth(font, b[1], s)) + 12)
                        : MIN_Y_SPACING;
                if (px >= need) {
                    return s;
                }
            }
        }
    }

    /** [lo, hi] widened to multiples of {@code step}; a tiny tolerance keeps 3.0000000001 at 3. */
    public static double[] bounds(double lo, double hi, double step) {
        double a = clean(Math.floor(lo / step + 1e-9) * step);
        double b = clean(Math.ceil(hi / step - 1e-9) * step);
        return new double[] {a, b > a ? b : clean(a + step)};
    }

    /** The multiples of {@code step} in [lo, hi]. */
    public static List<Double> values(double lo, double hi, double step) {
        List<Double> out = new ArrayList<>();
        for (long i = (long) Math.ceil(lo / step - 1e-9); i * step <= hi + step * 1e-9; i++) {
            out.add(clean(i * step));
        }
        return out;
    }

    /** A tick label with as many decimals as the step needs: 0.1 -> "0.3", 500 -> "2500". */
    public static String label(double v, double step) {
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** True when {@code v} is 1, 2 or 5 times a power of ten (or 0): what a round tick step is. */
    public static boolean isRoundStep(double v) {
        if (v == 0) {
            return true;
        }
        double m = Math.abs(v) / Math.pow(10, Math.floor(Math.log10(Math.abs(v)) + 1e-9));
        for (double r : MANTISSAS) {
            if (Math.abs(m - r) < 1e-6 || Math.abs(m - 10 * r) < 1e-6) {
                return true;
            }
        }
        return false;
    }

    /** The largest 1, 2, 5 x 10^k at or below {@code v} (> 0) when {@code up} is false, the smallest above when true. */
    static double round125(double v, boolean up) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        double[] cand = {p, 2 * p, 5 * p, 10 * p};
        if (up) {
            for (double c : cand) {
                if (c >= v * (1 - 1e-9)) {
                    return clean(c);
                }
            }
        }
        for (int i = cand.length - 1; i >= 0; i--) {
            if (cand[i] <= v * (1 + 1e-9)) {
                return clean(cand[i]);
            }
        }
        return clean(p / 2);
    }

    /** Whether a log axis over [lo, hi] must label powers of ten only: 9 and 10 would be closer than {@code minSpacing}. */
    static boolean decadesOnly(double lo, double hi, double pixels, double minSpacing) {
        double decades = Math.log10(round125(hi, true) / round125(lo, false));
        return pixels * Math.log10(10.0 / 9.0) / Math.max(decades, 1e-9) < minSpacing;
    }

    /** The ends of a log axis over [lo, hi]: powers of ten when only those are labelled, else 1-2-5 values. */
    static double[] logBounds(double lo, double hi, boolean decadesOnly) {
        if (decadesOnly) {
            return new double[] {Math.pow(10, Math.floor(Math.log10(lo) + 1e-9)),
                Math.pow(10, Math.ceil(Math.log10(hi) - 1e-9))};
        }
        return new double[] {round125(lo, false), round125(hi, true)};
    }

    /** XChart's own test for its "equally spaced" tick path: consecutive differences equal within 1e-4. */
    static boolean equallySpaced(List<Double> v) {
        if (v.size() < 2) {
            return false;
        }
        double d = v.get(1) - v.get(0);
        for (int i = 2; i < v.size(); i++) {
            if (Math.abs(v.get(i) - v.get(i - 1) - d) >= 1e-4) {
                return false;
            }
        }
        return true;
    }

    /** A notebook's text/plain view of a chart: its kind, title and number of series. */
    static String describe(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
        String kind = chart instanceof CategoryChart ? "CategoryChart" : "XYChart";
        return kind + " \"" + chart.getTitle() + "\" (" + chart.getSeriesMap().size() + " series)";
    }

    /** An XYChart that rounds its ticks each time it is painted, so series added later count. */
    static XYChart xy(org.knowm.xchart.XYChartBuilder b) {
        return new XYChart(b) {
            private Limits ours = Limits.NONE;

            @Override
            public void paint(java.awt.Graphics2D g, int width, int height) {
                ours = apply(this, ours);
                super.paint(g, width, height);
            }

            @Override
            public String toString() {
                return describe(this);
            }
        };
    }

    /** A CategoryChart that rounds its value axis each time it is painted. */
    static CategoryChart bars(org.knowm.xchart.CategoryChartBuilder b) {
        return new CategoryChart(b) {
            private Limits ours = Limits.NONE;

            @Override
            public void paint(java.awt.Graphics2D g, int width, int height) {
                ours = apply(this, ours);
                super.paint(g, width, height);
            }

            @Override
            public String toString() {
                return describe(this);
            }
        };
    }

    /**
     * The axis ends this class set last time; a limit on the styler that differs from these was
     * set by the caller and is kept. NaN: not set by us.
     */
    record Limits(double xMin, double xMax, double yMin, double yMax) {
        static final Limits NONE = new Limits(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    static Limits apply(XYChart c, Limits ours) {
        AxesChartStyler s = c.getStyler();
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (XYSeries series : c.getSeriesMap().values()) {
            addAll(xs, series.getXData());
            addAll(ys, series.getYData());
        }
        double plotW = s.getPlotContentSize() * (c.getWidth() - X_RESERVED);
        double plotH = s.getPlotContentSize() * (c.getHeight() - Y_RESERVED);
        double[] x = axis(xs, s.getXAxisMin(), s.getXAxisMax(), ours.xMin, ours.xMax, s.isXAxisLogarithmic(),
                plotW, true, false);
        double[] y = axis(ys, s.getYAxisMin(), s.getYAxisMax(), ours.yMin, ours.yMax, s.isYAxisLogarithmic(),
                plotH, false, false);
        return set(s, x, y);
    }

    static Limits apply(CategoryChart c, Limits ours) {
        AxesChartStyler s = c.getStyler();
        List<Double> ys = new ArrayList<>();
        for (CategorySeries series : c.getSeriesMap().values()) {
            for (Number n : series.getYData()) {
                if (n != null) {
                    ys.add(n.doubleValue());
                }
            }
        }
        double plotH = s.getPlotContentSize() * (c.getHeight() - Y_RESERVED);
        double[] y = axis(ys, s.getYAxisMin(), s.getYAxisMax(), ours.yMin, ours.yMax, s.isYAxisLogarithmic(),
                plotH, false, true);
        return set(s, null, y);
    }

    /**
     * {min, max, hint, decadesOnly (0/1)} for one axis, or null to leave it to XChart; a limit
     * is NaN where the caller's own is kept.
     */
    private static double[] axis(List<Double> data, Double setMin, Double setMax, double ourMin, double ourMax,
            boolean log, double pixels, boolean horizontal, boolean fromZero) {
        boolean fixedMin = setMin != null && setMin != ourMin;
        boolean fixedMax = setMax != null && setMax != ourMax;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : data) {
            if (Double.isFinite(v) && (!log || v > 0)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (fromZero && !log) {
            lo = Math.min(lo, 0);
            hi = Math.max(hi, 0);
        }
        lo = fixedMin ? setMin : lo;
        hi = fixedMax ? setMax : hi;
        if (!(lo <= hi) || pixels <= 0 || (log && lo <= 0)) {
            return null;
        }
        if (log) {
            boolean decades = decadesOnly(lo, hi, pixels, horizontal ? 36 : 14); // digits are ~9 px tall
            double[] b = logBounds(lo, hi, decades);
            return new double[] {fixedMin ? Double.NaN : b[0], fixedMax ? Double.NaN : b[1], 0, decades ? 1 : 0};
        }
        double step = step(lo, hi, pixels, Style.TICK, horizontal);
        double[] b = bounds(lo, hi, step);
        double min = fixedMin ? lo : b[0];
        double max = fixedMax ? hi : b[1];
        // XChart's equally-spaced path sees {min} + every data value + {max}, in that order.
        Set<Double> seen = new LinkedHashSet<>();
        seen.add(min);
        seen.addAll(data);
        seen.add(max);
        if (equallySpaced(new ArrayList<>(seen))) {
            if (!fixedMax) {
                max += NUDGE;
            } else if (!fixedMin) {
                min -= NUDGE;
            }
        }
        double hint = Math.max(1, Math.round(1.1 * step / (max - min) * pixels));
        return new double[] {fixedMin ? Double.NaN : min, fixedMax ? Double.NaN : max, hint, 0};
    }

    private static Limits set(AxesChartStyler s, double[] x, double[] y) {
        double xMin = Double.NaN;
        double xMax = Double.NaN;
        double yMin = Double.NaN;
        double yMax = Double.NaN;
        if (x != null) {
            xMin = x[0];
            xMax = x[1];
            if (!Double.isNaN(xMin)) {
                s.setXAxisMin(xMin);
            }
            if (!Double.isNaN(xMax)) {
                s.setXAxisMax(xMax);
            }
            if (x[2] > 0) {
                s.setXAxisTickMarkSpacingHint((int) x[2]);
            }
            s.setXAxisLogarithmicDecadeOnly(x[3] > 0);
        }
        if (y != null) {
            yMin = y[0];
            yMax = y[1];
            if (!Double.isNaN(yMin)) {
                s.setYAxisMin(yMin);
            }
            if (!Double.isNaN(yMax)) {
                s.setYAxisMax(yMax);
            }
            if (y[2] > 0) {
                s.setYAxisTickMarkSpacingHint((int) y[2]);
            }
            s.setYAxisLogarithmicDecadeOnly(y[3] > 0);
        }
        return new Limits(xMin, xMax, yMin, yMax);
    }

    private static void addAll(List<Double> out, double[] v) {
        if (v != null) {
            for (double d : v) {
                out.add(d);
            }
        }
    }

    /** Width of the label of v, with a thousands separator counted in case XChart adds one. */
    private static int labelWidth(Font font, double v, double step) {
        String s = label(v, step);
        return Paint.textWidth(font, Math.abs(v) >= 1000 ? s + "," : s);
    }

    /** Removes binary noise: 0.30000000000000004 -> 0.3. */
    private static double clean(double v) {
        return new BigDecimal(v).round(new java.math.MathContext(12)).doubleValue();
    }
}
