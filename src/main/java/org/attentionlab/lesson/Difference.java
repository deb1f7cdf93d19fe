package org.attentionlab.lesson;

import java.util.Objects;

/**
 * Two measured quantities compared honestly: the difference of their means, and whether it is larger
 * than the run-to-run noise. With a handful of seeds we call a difference real only when the two
 * ranges over seeds do not overlap (every run of one beats every run of the other); anything else is
 * "within the spread" and a conclusion must not claim it.
 *
 * @param a      the first quantity's name, e.g. "LayerNorm"
 * @param b      the second's
 * @param unit   how both are written
 */
public record Difference(String a, Spread first, String b, Spread second, Unit unit) {
    public Difference {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        Objects.requireNonNull(unit, "unit");
    }

    public static Difference of(String a, Spread first, String b, Spread second, Unit unit) {
        return new Difference(a, first, b, second, unit);
    }

    /** Mean of the first minus mean of the second. */
    public double value() {
        return first.mean() - second.mean();
    }

    /** True when every run of one side lies above every run of the other (the ranges do not overlap). */
    public boolean exceedsSpread() {
        return first.min() > second.max() || second.min() > first.max();
    }

    /** True when the difference exceeds the spread and the first is the larger. */
    public boolean firstIsHigher() {
        return exceedsSpread() && value() > 0;
    }

    /** True when the difference exceeds the spread and the second is the larger. */
    public boolean secondIsHigher() {
        return exceedsSpread() && value() < 0;
    }

    /**
     * A sentence a conclusion can print, e.g. "LayerNorm 67.8 ± 1.2 % against BatchNorm 17.0 ± 3.4 %:
     * LayerNorm is higher by 50.8 points, more than the spread over 3 seeds (the ranges do not overlap)."
     */
    public String sentence() {
        String both = a + " " + first.format(unit) + " against " + b + " " + second.format(unit) + ": ";
        int n = Math.min(first.n(), second.n());
        if (n < 2) {
            return both + "one run each, so the noise is unknown and no difference can be claimed.";
        }
        String higher = value() >= 0 ? a : b;
        String by = unit.formatDifference(Math.abs(value()));
        if (exceedsSpread()) {
            return both + higher + " is higher by " + by + ", more than the spread over " + n
                    + " seeds (the ranges do not overlap).";
        }
        return both + "a difference of " + by + ", within the spread over " + n
                + " seeds (the ranges overlap): no difference is shown.";
    }

    @Override
    public String toString() {
        return sentence();
    }
}
