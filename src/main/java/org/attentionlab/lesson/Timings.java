package org.attentionlab.lesson;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionlab.viz.MetricCharts;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/**
 * Times of several computations against sequence length, each the fastest of a few runs on a
 * {@link Stopwatch}: how they grow (the exponent p of t ~ n^p through the shortest and the longest
 * length), drawn on log-log axes, where a power law is a straight line of slope p.
 *
 * <pre>{@code
 * Timings t = new Timings("Time against length", new int[] {8, 16, 32}, Stopwatch.forThisThread(), 2);
 * for (int n : t.lengths()) t.time("encoder forward", n, () -> model.encode(ids(n), null));
 * t.chart()
 * }</pre>
 */
public final class Timings {
    /** A clear drop in time from one length to the next longer one: the work cannot shrink, so it is disturbance. */
    static final double DROP = 0.75;

    private final String title;
    private final int[] lengths;
    private final Stopwatch watch;
    private final int minRuns;
    private final Map<String, double[]> millis = new LinkedHashMap<>();

    public Timings(String title, int[] lengths, Stopwatch watch, int minRuns) {
        if (lengths.length < 2) {
            throw new IllegalArgumentException("need two or more lengths, got " + Arrays.toString(lengths));
        }
        for (int i = 1; i < lengths.length; i++) {
            if (lengths[i] <= lengths[i - 1]) {
                throw new IllegalArgumentException("lengths must increase, got " + Arrays.toString(lengths));
            }
        }
        this.title = title;
        this.lengths = lengths.clone();
        this.watch = watch;
        this.minRuns = minRuns;
    }

    public int[] lengths() {
        return lengths.clone();
    }

    public int longest() {
        return lengths[lengths.length - 1];
    }

    /** Times {@code work} at length {@code n} ({@link Stopwatch#fastestMillis}) and records it; returns the milliseconds. */
    public double time(String computation, int n, Runnable work) {
        return record(computation, n, watch.fastestMillis(work, minRuns));
    }

    /** Records a time measured elsewhere. */
    public double record(String computation, int n, double ms) {
        millis.computeIfAbsent(computation, k -> {
            double[] v = new double[lengths.length];
            Arrays.fill(v, Double.NaN);
            return v;
        })[index(n)] = ms;
        return ms;
    }

    public List<String> computations() {
        return new ArrayList<>(millis.keySet());
    }

    /** Milliseconds of {@code computation} at each length (NaN where not measured). */
    public double[] millis(String computation) {
        return series(computation).clone();
    }

    public double at(String computation, int n) {
        return series(computation)[index(n)];
    }

    /** {@code a}'s time over {@code b}'s at length {@code n}. */
    public double ratio(String a, String b, int n) {
        return at(a, n) / at(b, n);
    }

    /** The exponent p of t ~ n^p through the shortest and the longest length (1: linear, 2: quadratic). */
    public double exponent(String computation) {
        double[] v = series(computation);
        int last = lengths.length - 1;
        return Math.log(v[last] / v[0]) / Math.log((double) lengths[last] / lengths[0]);
    }

    /** True when some time falls clearly (by over 25 %) from one length to the next longer one. */
    public boolean disturbed() {
        for (double[] v : millis.values()) {
            for (int i = 1; i < v.length; i++) {
                if (v[i] < DROP * v[i - 1]) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Milliseconds against length on log-log axes, one line a computation, its exponent in the legend. */
    public XYChart chart() {
        double[] x = Arrays.stream(lengths).asDoubleStream().toArray();
        Map<String, double[]> series = new LinkedHashMap<>();
        millis.forEach((c, v) -> series.put(c + " (n^" + Unit.NUMBER.format(exponent(c)) + ")", v));
        XYChart chart = MetricCharts.line(title, "sequence length n", "milliseconds", x, series);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS); // four lines fill the plot's corners
        return chart;
    }

    /**
     * Per computation: the time at the shortest and at the longest length, the exponent, and the time
     * at the longest length as a multiple of {@code reference}'s there.
     */
    public ResultTable table(String reference) {
        int first = lengths[0], last = longest();
        ResultTable t = new ResultTable(title + ", milliseconds").text("computation").number("n = " + first)
                .number("n = " + last).number("growth exponent p").number("multiple of " + reference + " at n = " + last);
        for (String c : millis.keySet()) {
            t.row(c, at(c, first), at(c, last), exponent(c), ratio(c, reference, last));
        }
        return t;
    }

    private double[] series(String computation) {
        double[] v = millis.get(computation);
        if (v == null) {
            throw new IllegalArgumentException("nothing timed as '" + computation + "'; timed: " + millis.keySet());
        }
        return v;
    }

    private int index(int n) {
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] == n) {
                return i;
            }
        }
        throw new IllegalArgumentException("length " + n + " is not one of " + Arrays.toString(lengths));
    }
}
