package org.attentionlab.viz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Learning-rate schedules and label-smoothed target distributions, with the paper's choices.
 *
 * <p>The schedule is given as a function of the step so that any schedule the trainer has (or a
 * notebook writes) can be drawn; {@link #noam} is the paper's formula (section 5.3).
 */
public final class SchedulePlots {
    private SchedulePlots() {
    }

    /**
     * The paper's schedule: lr(step) = d_model^-0.5 * min(step^-0.5, step * warmup^-1.5), a linear
     * warm-up for {@code warmup} steps, then decay with the inverse square root of the step.
     * Step 0 is treated as step 1 (the formula is undefined there).
     */
    public static DoubleUnaryOperator noam(int dModel, int warmup) {
        Args.positive("dModel", dModel);
        Args.positive("warmup", warmup);
        return step -> {
            double s = Math.max(1, step);
            return Math.pow(dModel, -0.5) * Math.min(Math.pow(s, -0.5), s * Math.pow(warmup, -1.5));
        };
    }

    /** Each schedule sampled at about 500 points over steps 1 .. {@code steps}, one line each. */
    public static XYChart learningRates(String title, Map<String, DoubleUnaryOperator> schedules, int steps) {
        Args.notNull("schedules", schedules);
        if (schedules.isEmpty()) {
            throw new IllegalArgumentException("schedules is empty");
        }
        Args.positive("steps", steps);
        int n = Math.min(steps, 500);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 1 + Math.round((double) i * (steps - 1) / Math.max(1, n - 1));
        }
        XYChart c = Style.xy(title, "step", "learning rate");
        c.getStyler().setYAxisDecimalPattern("0.0E0");
        for (Map.Entry<String, DoubleUnaryOperator> e : schedules.entrySet()) {
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = e.getValue().applyAsDouble(x[i]);
            }
            c.addSeries(e.getKey(), x, y).setMarker(SeriesMarkers.NONE);
        }
        return c;
    }

    /** The paper's base (d=512) and big (d=1024) models with warm-up 4000, and warm-up 8000 for contrast. */
    public static XYChart paperSchedules() {
        Map<String, DoubleUnaryOperator> m = new LinkedHashMap<>();
        m.put("d_model=512, warmup=4000 (base)", noam(512, 4000));
        m.put("d_model=1024, warmup=4000 (big)", noam(1024, 4000));
        m.put("d_model=512, warmup=8000", noam(512, 8000));
        return learningRates("Learning-rate schedule (Vaswani et al. 2017, eq. 3)", m, 40000);
    }

    /**
     * A label-smoothed target over {@code vocab} classes: the gold class gets 1 - eps and every other
     * class eps / (vocab - 1), the form of the paper's own code (tensor2tensor). PyTorch's
     * {@code label_smoothing} spreads eps over all classes, gold included (gold gets 1 - eps + eps/V).
     */
    public static double[] smoothedTarget(int vocab, int gold, double eps) {
        if (vocab < 2) {
            throw new IllegalArgumentException("vocab must be at least 2, got " + vocab);
        }
        if (gold < 0 || gold >= vocab) {
            throw new IllegalArgumentException("gold " + gold + " out of range [0, " + vocab + ")");
        }
        Args.inRange("eps", eps, 0, 1);
        double[] q = new double[vocab];
        java.util.Arrays.fill(q, eps / (vocab - 1));
        q[gold] = 1 - eps;
        return q;
    }

    /** Bars of the target distribution for each smoothing value (the paper used eps = 0.1). */
    public static CategoryChart labelSmoothing(int vocab, int gold, double... epsilons) {
        Args.notNull("epsilons", epsilons);
        if (epsilons.length == 0) {
            epsilons = new double[] {0.0, 0.1};
        }
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < vocab; i++) {
            tokens.add(i == gold ? "gold" : "t" + i);
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        for (double eps : epsilons) {
            series.put("eps = " + eps + (eps == 0.1 ? " (paper)" : ""), smoothedTarget(vocab, gold, eps));
        }
        return MetricCharts.bar("Label-smoothed target over " + vocab + " tokens", "token", "target probability",
                tokens, series);
    }
}
