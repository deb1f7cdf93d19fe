package org.attentionlab.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The attention's masking and softmax in one pass over float32 scores [B,H,Tq,Tk]: a key-padding
 * mask and the causal mask are applied while the softmax runs, instead of as additive bias arrays
 * broadcast over the scores by ND4J ops before ND4J's softmax op.
 *
 * <p>Why: without a KV cache, a greedy decode of length 256 spent a third of its time in those ops
 * (the softmax op about a quarter, the two broadcast additions 7 %; Java Flight Recorder,
 * docs/benchmarks.md), against PyTorch's vectorised softmax. Here the exponential is the Vector API's
 * (see {@link MaskedSoftmaxVector}), and a causal row's masked keys are not computed at all: their
 * weight is exactly 0, as exp(mask value) underflows to 0 in the additive form.
 *
 * <p>The same result as the additive masks within float rounding: a masked key gets the mask value
 * added (padding) or weight 0 (causal, and padding through the exponential's underflow); a row whose
 * every key is masked gets the additive form's distribution, computed literally
 * ({@link #fullyMaskedRow}). Only used when the JVM runs with {@code --add-modules
 * jdk.incubator.vector} (bin/attention-lab and the tests do), for float32, and unless
 * {@code -Dattentionlab.vector=false}; otherwise {@link ScaledDotProductAttention} adds the
 * masks as arrays and runs ND4J's op, as before.
 */
final class MaskedSoftmax {
    /** Scores copied to the Java heap at a time: 64 KB, well inside the L2 cache. */
    private static final int BLOCK = 16_384;
    private static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equals(System.getProperty("attentionlab.vector"));
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[BLOCK]);

    private MaskedSoftmax() {
    }

    /** Whether {@link #apply} can run for scores of this type. */
    static boolean available(DataType type) {
        return VECTOR_API && type == DataType.FLOAT;
    }

    /**
     * Whether the JVM has the Vector API (it runs with {@code --add-modules jdk.incubator.vector})
     * and {@code -Dattentionlab.vector=false} does not turn its loops off.
     */
    static boolean vectorApi() {
        return VECTOR_API;
    }

    /**
     * In place over c-contiguous float32 scores s [B,H,Tq,Tk]: adds {@code neg} where
     * {@code keep[b*Tk + j]} is 0 (keep: [B,Tk] as a flat array, or null), masks key j &gt; i of query i
     * when {@code causal} (Tq == Tk), then takes the softmax of every row.
     */
    static void apply(INDArray s, float[] keep, boolean causal, float neg) {
        if (!available(s.dataType()) || s.rank() != 4 || !Flat.isCContiguous(s)) {
            throw new IllegalStateException("masked softmax needs c-contiguous float32 scores [B,H,Tq,Tk] and "
                    + "the jdk.incubator.vector module, got " + s.dataType() + " " + java.util.Arrays.toString(s.shape()));
        }
        int b = Math.toIntExact(s.size(0));
        int tk = Math.toIntExact(s.size(3));
        if (keep != null && keep.length != (long) b * tk) {
            throw new IllegalArgumentException("key mask has " + keep.length + " entries, expected " + b + " x " + tk);
        }
        float[] block = SCRATCH.get();
        if (block.length < tk) {
            block = new float[tk];
            SCRATCH.set(block);
        }
        MaskedSoftmaxVector.apply(Flat.floats(s), b, Math.toIntExact(s.size(1)), Math.toIntExact(s.size(2)), tk,
                keep, causal, neg, block);
    }

    /**
     * A row whose every key is masked, as the additive masks compute it: the padding value (pad, or
     * null) added to every key, the mask value once more to the causally masked keys past
     * {@code visible} (a[o .. o+visible) already hold their padding), then softmax in float64.
     */
    static void fullyMaskedRow(float[] a, int o, int visible, int tk, float[] pad, float neg) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < tk; j++) {
            if (j >= visible) {
                a[o + j] = (a[o + j] + (pad == null ? 0f : pad[j])) + neg;
            }
            max = Math.max(max, a[o + j]);
        }
        double z = 0;
        for (int j = 0; j < tk; j++) {
            float e = (float) Math.exp(a[o + j] - max);
            a[o + j] = e;
            z += e;
        }
        for (int j = 0; j < tk; j++) {
            a[o + j] = (float) (a[o + j] / z);
        }
    }
}
