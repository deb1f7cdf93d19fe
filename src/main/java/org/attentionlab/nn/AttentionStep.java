package org.attentionlab.nn;

/**
 * Scaled dot-product attention for one query position per sequence, written as Java loops over the
 * arrays' memory ({@link Flat}): the inner loop of cached decoding.
 *
 * <p>Why not ND4J ops: at decoding sizes (one query per sequence against tens of keys, batch 32,
 * d_model 128) the arithmetic is a few hundred thousand multiply-adds, while each ND4J op costs
 * tens of microseconds of fixed overhead. The op route needs about seven of them per attention
 * (two batched matmuls, mask additions, softmax, the cache's assigns); measured on the reference
 * benchmark's sizes, the two batched matmuls and the softmax alone took 430 µs against 130 µs for
 * this loop, which reads each cached key and value once.
 *
 * <p>Layouts (all c-contiguous): queries are rows of a [B, qRowStride] array with head h at
 * columns h*dh..(h+1)*dh; keys and values are [B, H, cap, dh] with the first {@code length}
 * positions filled; the output is [B, H*dh], the concatenation {@code out_proj} expects.
 *
 * <p>This is the float64 step (gradient checks and tests run in float64); float32 caches, which
 * decoding uses, go through {@link AttentionStepFloat}.
 */
final class AttentionStep {
    private AttentionStep() {
    }

    /**
     * out[b, h*dh + i] = sum_j softmax_j(s[b,h,j]) values[b,h,j,i], where
     * s[b,h,j] = scale * (q[b,h] . (keys[b,h,j] + relative[j])) + (1 - keyMask[b,j]) * maskValue + alibi[h,j].
     *
     * @param keyMask  [B, maskRowStride] floats, 1 = real key, 0 = padding; or null
     * @param alibi    [1, H, 1, length] additive biases, or null
     * @param relative [length, dh] relative key embeddings for this query position, or null
     * @param weights  receives the softmax weights, [B, H, 1, length]
     */
    static void attend(Flat q, int qRowStride, Flat keys, Flat values, int cap, int length, int batch, int heads,
            int dh, Flat keyMask, int maskRowStride, double maskValue, Flat alibi, Flat relative, Flat weights,
            Flat out) {
        double scale = 1.0 / Math.sqrt(dh);
        int d = heads * dh;
        double[] query = new double[d];
        double[] k = new double[length * dh];
        double[] v = new double[length * dh];
        double[] scores = new double[length];
        double[] mask = keyMask == null ? null : new double[length];
        double[] merged = new double[d];
        double[] w = new double[heads * length];
        double[] rel = relative == null ? null : relative.toArray(0, length * dh);
        double[] bias = alibi == null ? null : alibi.toArray(0, heads * length);
        for (int b = 0; b < batch; b++) {
            q.read(b * qRowStride, query, 0, d);
            if (mask != null) {
                keyMask.read(b * maskRowStride, mask, 0, length);
            }
            for (int h = 0; h < heads; h++) {
                int base = (b * heads + h) * cap * dh;   // this sequence's and head's first cached key
                keys.read(base, k, 0, length * dh);
                values.read(base, v, 0, length * dh);
                int qo = h * dh;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < length; j++) {
                    int ko = j * dh;
                    double dot = 0;
                    for (int i = 0; i < dh; i++) {
                        dot += query[qo + i] * k[ko + i];
                    }
                    if (rel != null) {
                        for (int i = 0; i < dh; i++) {
                            dot += query[qo + i] * rel[ko + i];
                        }
                    }
                    double s = dot * scale;
                    if (mask != null) {
                        s += (1 - mask[j]) * maskValue;
                    }
                    if (bias != null) {
                        s += bias[h * length + j];
                    }
                    scores[j] = s;
                    max = Math.max(max, s);
                }
                double z = exponentiate(scores, length, max);
                for (int i = 0; i < dh; i++) {
                    merged[qo + i] = 0;
                }
                for (int j = 0; j < length; j++) {
                    double p = scores[j] / z;
                    w[h * length + j] = p;
                    int vo = j * dh;
                    for (int i = 0; i < dh; i++) {
                        merged[qo + i] += p * v[vo + i];
                    }
                }
            }
            weights.write(b * heads * length, w, 0, heads * length);
            out.write(b * d, merged, 0, d);
        }
    }

    /**
     * The softmax's numerator in place: scores[j] becomes exp(scores[j] - max) for the first
     * {@code length} scores (subtracting the largest keeps exp from overflowing); returns their sum,
     * the normaliser. Shared by the float64 step.
     */
    private static double exponentiate(double[] scores, int length, double max) {
        double z = 0;
        for (int j = 0; j < length; j++) {
            double e = Math.exp(scores[j] - max);
            scores[j] = e;
            z += e;
        }
        return z;
    }
}
