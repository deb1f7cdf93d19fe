package org.attentionlab.lesson;

import java.util.Arrays;

/**
 * One measured quantity over several runs (seeds): its values, mean, sample standard deviation and
 * range. A single run tells a learner nothing about noise; a spread does.
 */
public record Spread(double[] values) {
    public Spread {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("a spread needs at least one value");
        }
        for (double v : values) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("a spread cannot hold NaN: " + Arrays.toString(values));
            }
        }
        values = values.clone();
    }

    public static Spread of(double... values) {
        return new Spread(values);
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    public int n() {
        return values.length;
    }

    public double mean() {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s / values.length;
    }

    /** The sample standard deviation (n - 1 in the denominator); 0 for a single value. */
    public double sd() {
        if (values.length < 2) {
            return 0;
        }
        double m = mean(), s = 0;
        for (double v : values) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (values.length - 1));
    }

    public double min() {
        return Arrays.stream(values).min().orElseThrow();
    }

    public double max() {
        return Arrays.stream(values).max().orElseThrow();
    }

    /** {@code "97.2 ± 0.4 %"}: mean ± standard deviation in {@code unit}. */
    public String format(Unit unit) {
        return values.length == 1 ? unit.format(values[0]) : unit.format(mean(), sd());
    }

    @Override
    public String toString() {
        return Unit.NUMBER.format(mean(), sd()) + " (" + values.length + " runs)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Spread s && Arrays.equals(values, s.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }
}
