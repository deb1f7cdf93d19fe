package org.attentionlab.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Argument checks whose messages name the parameter and the values, so that a wrong shape fails
 * here with a sentence rather than deep inside a native ND4J op.
 */
public final class Checks {
    private Checks() {
    }

    public static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    public static void inRange(String name, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "], got " + value);
        }
    }

    public static void rank(String what, INDArray a, int rank) {
        if (a == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (a.rank() != rank) {
            throw new IllegalArgumentException(what + " must have rank " + rank + ", got shape "
                    + Arrays.toString(a.shape()));
        }
    }

    public static void lastDim(String what, INDArray a, long size) {
        if (a == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (a.rank() < 1 || a.size(-1) != size) {
            throw new IllegalArgumentException(what + " must have last dimension " + size + ", got shape "
                    + Arrays.toString(a.shape()));
        }
    }

    public static void shape(String what, INDArray a, long... expected) {
        if (a == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (!Arrays.equals(a.shape(), expected)) {
            throw new IllegalArgumentException(what + " must have shape " + Arrays.toString(expected) + ", got "
                    + Arrays.toString(a.shape()));
        }
    }
}
