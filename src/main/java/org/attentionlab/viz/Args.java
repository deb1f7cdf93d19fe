package org.attentionlab.viz;

import java.util.Arrays;
import java.util.List;

/**
 * Argument checks for the viz package. They name the parameter and the offending value, so a
 * notebook user learns from the message what to fix. (Kept here rather than borrowed from
 * {@code nn}, because viz only consumes plain data and must not lean on the layers' code.)
 */
final class Args {
    private Args() {
    }

    static void positive(String name, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    static void notNull(String name, Object o) {
        if (o == null) {
            throw new IllegalArgumentException(name + " is null");
        }
    }

    static void inRange(String name, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "], got " + value);
        }
    }

    static void sameLength(String a, int na, String b, int nb) {
        if (na != nb) {
            throw new IllegalArgumentException(a + " and " + b + " must have the same length, got " + na + " and " + nb);
        }
    }

    static void nonEmpty(String name, double[] x) {
        notNull(name, x);
        if (x.length == 0) {
            throw new IllegalArgumentException(name + " is empty");
        }
    }

    static void nonEmpty(String name, List<?> x) {
        notNull(name, x);
        if (x.isEmpty()) {
            throw new IllegalArgumentException(name + " is empty");
        }
    }

    /** A non-empty rectangular matrix of finite-or-NaN values; returns its column count. */
    static int rectangular(String name, double[][] m) {
        notNull(name, m);
        if (m.length == 0 || m[0] == null || m[0].length == 0) {
            throw new IllegalArgumentException(name + " must be a non-empty matrix, got "
                    + (m.length == 0 ? "0 rows" : "an empty first row"));
        }
        int cols = m[0].length;
        for (int i = 1; i < m.length; i++) {
            if (m[i] == null || m[i].length != cols) {
                throw new IllegalArgumentException(name + " must be rectangular: row 0 has " + cols
                        + " columns, row " + i + " has " + (m[i] == null ? "none" : m[i].length));
            }
        }
        return cols;
    }

    /** Labels must match the matrix side they annotate (null means "no labels"). */
    static void labels(String name, List<String> labels, int expected) {
        if (labels != null && labels.size() != expected) {
            throw new IllegalArgumentException(name + " has " + labels.size() + " labels but the matrix has "
                    + expected + " (" + abbreviate(labels) + ")");
        }
    }

    static String abbreviate(List<String> l) {
        return l.size() <= 8 ? l.toString() : l.subList(0, 8) + "...";
    }

    static String shape(long[] s) {
        return Arrays.toString(s);
    }
}
