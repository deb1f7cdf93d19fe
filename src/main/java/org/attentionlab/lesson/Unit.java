package org.attentionlab.lesson;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * How a kind of number is written in a lesson: a fraction as a percentage with one decimal, a loss
 * with three significant digits, a count with thousands separators, a duration in seconds. Tables,
 * spreads and conclusions all format through here, so a lesson never prints
 * {@code 0.48822800495662950}.
 */
public enum Unit {
    /** A fraction in [0, 1] written as a percentage with one decimal: {@code 0.4882 -> "48.8 %"}. */
    PERCENT,
    /** Three significant digits: {@code 2.158138 -> "2.16"}, {@code 0.000123456 -> "0.000123"}, {@code 1.69e-9 -> "1.69e-09"}. */
    LOSS,
    /** Three significant digits, for any other measured number (a ratio, a norm, a weight). */
    NUMBER,
    /** A count, rounded, with thousands separators: {@code 12345.4 -> "12,345"}. */
    COUNT,
    /** Seconds with one decimal below 100 s, whole seconds above: {@code "3.2 s"}, {@code "412 s"}. */
    SECONDS;

    /** The value written in this unit; NaN is written "n/a". */
    public String format(double x) {
        if (Double.isNaN(x)) {
            return "n/a";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        return switch (this) {
            case PERCENT -> String.format(Locale.ROOT, "%.1f %%", 100 * x);
            case LOSS, NUMBER -> significant(x, 3);
            case COUNT -> String.format(Locale.ROOT, "%,d", Math.round(x));
            case SECONDS -> Math.abs(x) < 100 ? String.format(Locale.ROOT, "%.1f s", x)
                    : String.format(Locale.ROOT, "%d s", Math.round(x));
        };
    }

    /**
     * A mean and its spread in this unit, the spread in the same scale as the mean:
     * {@code "97.2 ± 0.4 %"}, {@code "0.224 ± 0.013"}.
     */
    public String format(double mean, double spread) {
        if (this == PERCENT) {
            return String.format(Locale.ROOT, "%.1f ± %.1f %%", 100 * mean, 100 * spread);
        }
        if (this == SECONDS) {
            return format(mean).replace(" s", "") + " ± " + format(spread);
        }
        return format(mean) + " ± " + format(spread);
    }

    /** A difference between two values in this unit: percentage points for {@link #PERCENT}. */
    public String formatDifference(double d) {
        if (this == PERCENT) {
            return String.format(Locale.ROOT, "%.1f points", 100 * d);
        }
        return format(d);
    }

    /** {@code x} rounded to {@code digits} significant digits, without an exponent. */
    static String significant(double x, int digits) {
        if (x == 0) {
            return "0";
        }
        if (Math.abs(x) < 1e-4) { // 0.00000000169 hides its size; 1.69e-09 shows it
            return String.format(Locale.ROOT, "%." + (digits - 1) + "e", x);
        }
        BigDecimal d = new BigDecimal(x).round(new MathContext(digits, RoundingMode.HALF_EVEN));
        String s = d.toPlainString();
        if (d.precision() - d.scale() > 3) { // 4 or more integer digits: group them
            return String.format(Locale.ROOT, "%,d", d.toBigInteger());
        }
        return s;
    }
}
