package org.attentionlab.nn;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link AttentionStep} for float32 caches: one query position per sequence against the cached keys
 * and values. The two products of each (sequence, head), scores = K q and out = V^T p, are
 * matrix-vector products done by OpenBLAS ({@code cblas_sgemv}) on the cache's own buffers; the
 * softmax between them is a Java loop. One instance per {@link MultiHeadAttention} (scratch arrays
 * are kept from step to step); not for use by two threads at once.
 *
 * <p>Why BLAS here: profiling cached greedy decoding with Java Flight Recorder (docs/benchmarks.md,
 * "Fifth pass") put 37 % of a step at length 32 and 82 % at length 256 in the previous Java loops
 * over Java copies of the cache. Those loops ran at scalar speed, about 2.5 GFLOP/s of multiply-adds:
 * HotSpot 17 vectorises {@code y[i] += a * x[o + i]} only when the two arrays are indexed alike
 * (it cannot rule out that they are one array), and the other forms are reductions it does not
 * vectorise either (measured in isolation: 2-3 GFMA/s for every Java form tried, 17 for the same loop
 * in C). OpenBLAS's vector kernels have no such limit, read the cache in place (no Java copy of it
 * to keep and append to), and one call costs well under a microsecond, so a step's 4 x B x H calls
 * are cheap beside the work they replace.
 *
 * <p>Arithmetic: float32 throughout as ND4J's float32 attention computes it (the scale folded into
 * the first product), except the softmax's sum, which is float64 (in the Vector API's softmax,
 * float32 sums a lane, added in float64).
 */
final class AttentionStepFloat {
    private static final float LOG2E = 1.44269504f;
    // ln 2 split in two so that n * LN2_HI is exact for the |n| <= 126 used here (Cody and Waite).
    private static final float LN2_HI = 0.693145752f;
    private static final float LN2_LO = 1.42860677e-6f;
    private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
    private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
    private static final int TRANS = openblas_nolapack.CblasTrans;

    private final boolean vector;
    private final int heads;
    private final int dh;
    private final int d;
    private final float[] query;
    private float[] mask = new float[0];
    private float[] scores = new float[0];

    AttentionStepFloat(int heads, int dh) {
        this(heads, dh, MaskedSoftmax.vectorApi());
    }

    /**
     * {@code vector}: the softmax of a step without a position scheme in the Vector API's loops
     * ({@link MaskedSoftmaxVector}; only where the JVM has the module), else in plain Java.
     */
    AttentionStepFloat(int heads, int dh, boolean vector) {
        if (vector && !MaskedSoftmax.vectorApi()) {
            throw new IllegalStateException("the Vector API's softmax needs --add-modules jdk.incubator.vector");
        }
        this.vector = vector;
        this.heads = heads;
        this.dh = dh;
        this.d = heads * dh;
        this.query = new float[d];
    }

    /**
     * out[b, h*dh + i] = sum_j softmax_j(s[b,h,j]) values[b,h,j,i], where
     * s[b,h,j] = scale * (q[b,h] . (keys[b,h,j] + relative[j])) + (1 - keyMask[b,j]) * maskValue + alibi[h,j].
     *
     * @param q        [B, qRowStride] c-contiguous rows of queries, head h at columns h*dh..
     * @param keys     [B, H, cap, dh] c-contiguous, the first {@code length} positions filled
     * @param values   [B, H, cap, dh] likewise
     * @param keyMask  [B, maskRowStride] floats (1 real key, 0 padding), or null
     * @param alibi    [H * length] additive biases, or null
     * @param relative [length * dh] relative key embeddings for this query position, or null
     * @param weights  receives the softmax weights, [B, H, 1, length] c-contiguous
     * @param out      [B, H*dh] c-contiguous, the concatenation of the heads
     */
    void attend(INDArray q, int qRowStride, INDArray keys, INDArray values, int cap, int length, int batch,
            FloatBuffer keyMask, int maskRowStride, float maskValue, float[] alibi, float[] relative,
            INDArray weights, INDArray out) {
        attend(pointer(q), relative == null ? null : Flat.floats(q), qRowStride, pointer(keys), pointer(values), cap,
                length, batch, keyMask, maskRowStride, maskValue, alibi, relative, pointer(weights),
                Flat.floats(weights), pointer(out));
    }

    /**
     * The same on native buffers, each pointer at its array's first element (positions are used as
     * the start and restored on return): {@code qFloats} is q as a buffer (needed only with relative
     * keys, else null) and {@code weightFloats} the weights' buffer, index 0 at the first weight.
     */
    void attend(FloatPointer qp, FloatBuffer qFloats, int qRowStride, FloatPointer kp, FloatPointer vp, int cap,
            int length, int batch, FloatBuffer keyMask, int maskRowStride, float maskValue, float[] alibi,
            float[] relative, FloatPointer wp, FloatBuffer weightFloats, FloatPointer op) {
        float scale = (float) (1.0 / Math.sqrt(dh));
        int n = batch * heads * length;
        if (scores.length < n) {
            scores = new float[Math.max(n, 2 * scores.length)];
        }
        if (keyMask != null && mask.length < length) {
            mask = new float[Math.max(length, 2 * mask.length)];
        }
        long q0 = qp.position();
        long k0 = kp.position();
        long v0 = vp.position();
        long w0 = wp.position();
        long o0 = op.position();
        long block = (long) cap * dh;     // one (sequence, head)'s cache: [cap, dh], row stride dh
        // scores[b,h,:] = scale * K[b,h] q[b,h]: K is [length, dh] with leading dimension dh.
        for (int g = 0; g < batch * heads; g++) {
            int b = g / heads;
            int h = g % heads;
            openblas_nolapack.cblas_sgemv(ROW_MAJOR, NO_TRANS, length, dh, scale, kp.position(k0 + g * block), dh,
                    qp.position(q0 + (long) b * qRowStride + h * dh), 1, 0f, wp.position(w0 + (long) g * length), 1);
        }
        softmax(qFloats, qRowStride, length, batch, keyMask, maskRowStride, maskValue, alibi, relative, scale,
                weightFloats, n);
        // out[b, h*dh..] = V[b,h]^T p[b,h]: V is [length, dh] with leading dimension dh, transposed.
        for (int g = 0; g < batch * heads; g++) {
            int b = g / heads;
            int h = g % heads;
            openblas_nolapack.cblas_sgemv(ROW_MAJOR, TRANS, length, dh, 1f, vp.position(v0 + g * block), dh,
                    wp.position(w0 + (long) g * length), 1, 0f, op.position(o0 + (long) b * d + h * dh), 1);
        }
        qp.position(q0);
        kp.position(k0);
        vp.position(v0);
        wp.position(w0);
        op.position(o0);
    }

    /** The scores in {@code weights} become softmax weights, with the masks and biases added first. */
    private void softmax(FloatBuffer qb, int qRowStride, int length, int batch, FloatBuffer keyMask,
            int maskRowStride, float maskValue, float[] alibi, float[] relative, float scale, FloatBuffer wb, int n) {
        float[] s = scores;
        wb.get(0, s, 0, n);
        for (int b = 0; b < batch; b++) {
            if (keyMask != null) {
                // The additive mask of this sequence, computed once for all its heads.
                keyMask.get(b * maskRowStride, mask, 0, length);
                for (int j = 0; j < length; j++) {
                    mask[j] = (1 - mask[j]) * maskValue;
                }
            }
            if (qb != null) {
                qb.get(b * qRowStride, query, 0, d);
            }
            for (int h = 0; h < heads; h++) {
                int so = (b * heads + h) * length;
                // Separate loops for the common cases (no position scheme: a plain add of the mask,
                // or nothing), so that the max below is a loop the JIT vectorises.
                if (relative != null || alibi != null) {
                    for (int j = 0; j < length; j++) {
                        float x = s[so + j];
                        if (relative != null) {
                            x += scale * dot(query, h * dh, relative, j * dh, dh);
                        }
                        if (keyMask != null) {
                            x += mask[j];
                        }
                        if (alibi != null) {
                            x += alibi[h * length + j];
                        }
                        s[so + j] = x;
                    }
                } else if (vector) {
                    // The mask added and the softmax taken in the Vector API's loops: its exponential
                    // is a 16-lane routine, where every Java form of one runs at scalar speed (this
                    // softmax was a quarter of a cached decode at length 256 before, JFR).
                    MaskedSoftmaxVector.row(s, so, length, length, keyMask == null ? null : mask, maskValue);
                    continue;
                } else if (keyMask != null) {
                    for (int j = 0; j < length; j++) {
                        s[so + j] += mask[j];
                    }
                }
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < length; j++) {
                    max = Math.max(max, s[so + j]);
                }
                double z = 0;
                for (int j = 0; j < length; j++) {
                    float e = expNonPositive(s[so + j] - max);
                    s[so + j] = e;
                    z += e;
                }
                float inv = (float) (1 / z);
                for (int j = 0; j < length; j++) {
                    s[so + j] *= inv;
                }
            }
        }
        wb.put(0, s, 0, n);
    }

    /**
     * A pointer at a c-contiguous float32 array's first element (for a view too: see {@link Gemm}),
     * whose position is moved to each (sequence, head)'s block before a call.
     */
    private static FloatPointer pointer(INDArray x) {
        if (x.dataType() != DataType.FLOAT || !Flat.isCContiguous(x)) {
            throw new IllegalStateException("expected a c-contiguous float32 array, got " + x.dataType()
                    + " strides " + java.util.Arrays.toString(x.stride()));
        }
        return new FloatPointer(x.data().addressPointer());
    }

    /**
     * e^x for x &lt;= 0 (a softmax's scores minus their maximum), within about one float ulp: x = n ln 2
     * + r with |r| &lt;= ln 2 / 2, e^r = 1 + r + r^2 P(r) with Cephes's degree-5 P for expf, times
     * 2^n built in the exponent bits (max relative error 8e-8 against Math.exp over [-80, 0],
     * measured). Below -87 the result is under float's smallest normal number
     * and 0 is returned. No call and no float64: a few multiply-adds where {@code Math.exp} cost
     * about 12 ns (a third of the previous Java loop's time at length 32, measured in isolation).
     */
    static float expNonPositive(float x) {
        if (x < -87f) {
            return 0f;
        }
        int n = (int) (x * LOG2E - 0.5f);       // rounds to nearest, as x * LOG2E <= 0
        float r = x - n * LN2_HI - n * LN2_LO;
        float p = 1.98756912e-4f;
        p = p * r + 1.39819994e-3f;
        p = p * r + 8.33345205e-3f;
        p = p * r + 4.16657962e-2f;
        p = p * r + 1.66666657e-1f;
        p = p * r + 5.00000000e-1f;
        p = p * r * r + r + 1f;
        return p * Float.intBitsToFloat((n + 127) << 23);
    }

    /** a[ao..ao+n) . b[bo..bo+n) with four float accumulators. */
    private static float dot(float[] a, int ao, float[] b, int bo, int n) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[ao + i] * b[bo + i];
            s1 += a[ao + i + 1] * b[bo + i + 1];
            s2 += a[ao + i + 2] * b[bo + i + 2];
            s3 += a[ao + i + 3] * b[bo + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[ao + i] * b[bo + i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
