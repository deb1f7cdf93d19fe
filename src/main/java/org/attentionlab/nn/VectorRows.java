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

    /**
     * y[o+k] = (x[o+k] - mean) * rstd * w[k] + b[k] for k &lt; n: the same float operations, in the
     * same order, as the plain loop (no fused multiply-add), so the same results.
     */
    static void normalize(float[] x, float[] y, int o, int n, float mean, float rstd, float[] w, float[] b) {
        int bound = SPECIES.loopBound(n);
        int k = 0;
        for (; k < bound; k += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, x, o + k).sub(mean).mul(rstd).mul(FloatVector.fromArray(SPECIES, w, k))
                    .add(FloatVector.fromArray(SPECIES, b, k)).intoArray(y, o + k);
        }
        for (; k < n; k++) {
            y[o + k] = (x[o + k] - mean) * rstd * w[k] + b[k];
        }
    }

    /**
     * LayerNorm backward's first pass over a row, as its plain loop computes it: xhat[k] = (x[o+k] -
     * mean) * rstd, dw[k] += g[o+k] * xhat[k], db[k] += g[o+k], gw[k] = g[o+k] * w[k].
     */
    static void backwardTerms(float[] x, float[] g, int o, int n, float mean, float rstd, float[] w, float[] xhat,
            float[] dw, float[] db, float[] gw) {
        int bound = SPECIES.loopBound(n);
        int k = 0;
        for (; k < bound; k += SPECIES.length()) {
            FloatVector h = FloatVector.fromArray(SPECIES, x, o + k).sub(mean).mul(rstd);
            FloatVector e = FloatVector.fromArray(SPECIES, g, o + k);
            h.intoArray(xhat, k);
            FloatVector.fromArray(SPECIES, dw, k).add(e.mul(h)).intoArray(dw, k);
            FloatVector.fromArray(SPECIES, db, k).add(e).intoArray(db, k);
            e.mul(FloatVector.fromArray(SPECIES, w, k)).intoArray(gw, k);
        }
        for (; k < n; k++) {
            float h = (x[o + k] - mean) * rstd;
            float e = g[o + k];
            xhat[k] = h;
            dw[k] += e * h;
            db[k] += e;
            gw[k] = e * w[k];
        }
    }

    /** g[o+k] = rstd * (gw[k] - meanG - xhat[k] * meanGX), LayerNorm backward's last pass. */
    static void inputGradient(float[] g, int o, int n, float rstd, float[] gw, float meanG, float[] xhat,
            float meanGX) {
        int bound = SPECIES.loopBound(n);
        int k = 0;
        for (; k < bound; k += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, gw, k).sub(meanG)
                    .sub(FloatVector.fromArray(SPECIES, xhat, k).mul(meanGX)).mul(rstd).intoArray(g, o + k);
        }
        for (; k < n; k++) {
            g[o + k] = rstd * (gw[k] - meanG - xhat[k] * meanGX);
        }
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
