package org.attentionlab.nn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Row reductions of {@link LayerNormFloat} in the JDK's Vector API (see {@link MaskedSoftmax} for
 * when it is used and why; only {@link LayerNormFloat} touches this class, after checking
 * {@link MaskedSoftmax#vectorApi()}).
 *
 * <p>Why: HotSpot 17 does not vectorise floating-point reductions, and LayerNorm's two row sums
 * in float64 were a tenth of a greedy decode without the KV cache at length 256 (Java Flight
 * Recorder, after the softmax was vectorised). Here each lane sums in float32 (at d_model 128, 8
 * numbers a lane) and the lanes are added in float64.
 */
final class VectorRows {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Doubles in a vector of the same bit size: half the lanes, so each float vector widens to two. */
    private static final VectorSpecies<Double> DOUBLES = VectorSpecies.of(double.class, SPECIES.vectorShape());

    private VectorRows() {
    }

    /** a[o] + ... + a[o+n-1]. */
    static double sum(float[] a, int o, int n) {
        int bound = SPECIES.loopBound(n);
        FloatVector acc = FloatVector.zero(SPECIES);
        int k = 0;
        for (; k < bound; k += SPECIES.length()) {
            acc = acc.add(FloatVector.fromArray(SPECIES, a, o + k));
        }
        double s = lanes(acc);
        for (; k < n; k++) {
            s += a[o + k];
        }
        return s;
    }

    /** The sum of (a[o+k] - m)^2 over k &lt; n. */
    static double squaredDeviations(float[] a, int o, int n, float m) {
        int bound = SPECIES.loopBound(n);
        FloatVector acc = FloatVector.zero(SPECIES);
        int k = 0;
        for (; k < bound; k += SPECIES.length()) {
            FloatVector c = FloatVector.fromArray(SPECIES, a, o + k).sub(m);
            acc = c.fma(c, acc);
        }
        double s = lanes(acc);
        for (; k < n; k++) {
            double c = a[o + k] - m;
            s += c * c;
        }
        return s;
    }

    /** a[0] b[0] + ... + a[n-1] b[n-1] (products and lane sums in float32, lanes added in float64). */
    static double dot(float[] a, float[] b, int n) {
        int bound = SPECIES.loopBound(n);
        FloatVector acc = FloatVector.zero(SPECIES);
        int k = 0;
        for (; k < bound; k += SPECIES.length()) {
            acc = FloatVector.fromArray(SPECIES, a, k).fma(FloatVector.fromArray(SPECIES, b, k), acc);
        }
        double s = lanes(acc);
        for (; k < n; k++) {
            s += (double) a[k] * b[k];
        }
        return s;
    }

    /**
     * The lanes added in float64: widened to two double vectors, added, and reduced as a tree
     * (extracting the lanes one by one to add them in order cost a third of a LayerNorm forward).
     */
    private static double lanes(FloatVector v) {
        DoubleVector lo = (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, 0);
        DoubleVector hi = (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, 1);
        return lo.add(hi).reduceLanes(VectorOperators.ADD);
    }
}
