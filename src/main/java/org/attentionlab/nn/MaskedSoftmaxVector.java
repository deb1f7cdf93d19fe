package org.attentionlab.nn;

import java.nio.FloatBuffer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The loops of {@link MaskedSoftmax} in the JDK's Vector API (the incubating module
 * {@code jdk.incubator.vector}); {@link #row} also serves a cached step's softmax
 * ({@link AttentionStepFloat}) and the loss's ({@link RowSoftmax}). Each caller touches this class
 * only after {@link MaskedSoftmax#vectorApi()} has said that the module is in the boot layer:
 * without {@code --add-modules jdk.incubator.vector} the class cannot be linked.
 *
 * <p>Why the Vector API: HotSpot 17 runs every plain-Java form of a float exponential at scalar speed
 * (4-6 ns an element measured, slower than ND4J's softmax op at about 3.5 ns), while the API's
 * {@code EXP} is a 16-lane SVML routine on AVX-512 (about 0.3 ns an element, measured in isolation).
 */
final class MaskedSoftmaxVector {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private MaskedSoftmaxVector() {
    }

    /** See {@link MaskedSoftmax#apply}: rows of {@code tk} scores, {@code tq} rows a (sequence, head). */
    static void apply(FloatBuffer s, int batch, int heads, int tq, int tk, float[] keep, boolean causal, float neg,
            float[] block) {
        float[] pad = keep == null ? null : new float[tk];
        int rowsPerBlock = Math.max(1, block.length / tk);
        int rowsPerSequence = heads * tq;
        for (int b = 0; b < batch; b++) {
            boolean padded = false;
            if (keep != null) {
                for (int j = 0; j < tk; j++) {
                    boolean masked = keep[b * tk + j] == 0;
                    pad[j] = masked ? neg : 0f;
                    padded |= masked;
                }
            }
            int base = b * rowsPerSequence * tk;
            for (int r0 = 0; r0 < rowsPerSequence; r0 += rowsPerBlock) {
                int n = Math.min(rowsPerBlock, rowsPerSequence - r0);
                s.get(base + r0 * tk, block, 0, n * tk);
                for (int r = 0; r < n; r++) {
                    int i = (r0 + r) % tq;
                    int visible = causal ? Math.min(i + 1, tk) : tk;
                    row(block, r * tk, visible, tk, padded ? pad : null, neg);
                }
                s.put(base + r0 * tk, block, 0, n * tk);
            }
        }
    }

    /**
     * One row a[o .. o+tk): keys at or past {@code visible} are masked by causality (weight exactly 0),
     * {@code pad} (0 or the mask value a key, or null) is added to the others, then softmax.
     */
    static void row(float[] a, int o, int visible, int tk, float[] pad, float neg) {
        int whole = Math.min(tk, (visible + LANES - 1) / LANES * LANES);
        if (pad == null && whole > visible && whole % LANES == 0) {
            // A causal row without padding (so never fully masked): the keys up to the next whole
            // vector are set to -infinity, whose exponential is exactly 0, so that the vector loops
            // cover them instead of a scalar tail with Math.exp (at length 128 the tails cost
            // about as much as the vector loops).
            java.util.Arrays.fill(a, o + visible, o + whole, Float.NEGATIVE_INFINITY);
            visible = whole;
        }
        int bound = SPECIES.loopBound(visible);
        FloatVector vmax = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
        int j = 0;
        if (pad != null) {
            for (; j < bound; j += LANES) {
                FloatVector v = FloatVector.fromArray(SPECIES, a, o + j).add(FloatVector.fromArray(SPECIES, pad, j));
                v.intoArray(a, o + j);
                vmax = vmax.max(v);
            }
            for (; j < visible; j++) {
                a[o + j] += pad[j];
            }
        } else {
            for (; j < bound; j += LANES) {
                vmax = vmax.max(FloatVector.fromArray(SPECIES, a, o + j));
            }
        }
        float max = vmax.reduceLanes(VectorOperators.MAX);
        for (j = bound; j < visible; j++) {
            max = Math.max(max, a[o + j]);
        }
        if (max < neg / 2) {
            // Every key of the row is masked: the additive masks' uniform distribution, done literally.
            MaskedSoftmax.fullyMaskedRow(a, o, visible, tk, pad, neg);
            return;
        }
        FloatVector vz = FloatVector.zero(SPECIES);
        for (j = 0; j < bound; j += LANES) {
            FloatVector e = FloatVector.fromArray(SPECIES, a, o + j).sub(max).lanewise(VectorOperators.EXP);
            e.intoArray(a, o + j);
            vz = vz.add(e);
        }
        double z = vz.reduceLanes(VectorOperators.ADD);
        for (j = bound; j < visible; j++) {
            float e = (float) Math.exp(a[o + j] - max);
            a[o + j] = e;
            z += e;
        }
        float inv = (float) (1 / z);
        for (j = 0; j < bound; j += LANES) {
            FloatVector.fromArray(SPECIES, a, o + j).mul(inv).intoArray(a, o + j);
        }
        for (j = bound; j < visible; j++) {
            a[o + j] *= inv;
        }
        for (j = visible; j < tk; j++) {
            a[o + j] = 0f;
        }
    }
}
