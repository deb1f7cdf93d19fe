package org.attentionlab.nn;

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

    private static double lanes(FloatVector v) {
        double s = 0;
        for (int i = 0; i < SPECIES.length(); i++) {
            s += v.lane(i);
        }
        return s;
    }
}
