package org.attentionlab.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * softmax((Q K^T + R) / sqrt(dh) + bias) V on head-major tensors, with its backward pass.
 *
 * <p>Q is [B,H,Tq,dh], K and V are [B,H,Tk,dh]. Every product is one batched matmul over the
 * leading [B,H] axes written into a preallocated output ({@link Gemm#batched}: one BLAS call per
 * head, with transpose flags and an alpha that folds in the 1/sqrt(dh) scale); it accepts strided
 * views for its inputs and a strided slice of a larger buffer as its output, which is what lets
 * {@link MultiHeadAttention} write dQ, dK and dV straight into one fused gradient buffer.
 *
 * <p>Optional extras, each cheap when absent:
 * <ul>
 *   <li>additive biases broadcastable to [B,H,Tq,Tk]: padding and causal masks (a large negative
 *       number, {@link #maskValue}), ALiBi's distance penalty;</li>
 *   <li>relative keys R[b,h,i,j] = q[b,h,i,:] . A[i,j,:] with A [Tq,Tk,dh] (Shaw et al. 2018, keys
 *       only), done as one batched matmul over the query axis, as the paper suggests.</li>
 * </ul>
 *
 * <p>Backward uses the softmax identity dS = P * (dP - rowsum(dP * P)), with the row sums taken
 * as rowsum(dO * O) over dh instead of over Tk: with O = dropout(P) V the two are equal
 * (sum_j dropout(P)_ij dPd_ij = dO_i . O_i), and dh is usually smaller than Tk. No full-size
 * temporary is allocated beyond dP itself.
 */
public final class ScaledDotProductAttention {
    /** Query rows a product of a causal attention's triangular form (see forwardInto). */
    private static final long CAUSAL_BLOCK = 64;
    private final Dropout dropout; // null: no dropout on the weights
    private INDArray q;      // [B,H,Tq,dh]
    private INDArray k;      // [B,H,Tk,dh]
    private INDArray v;      // [B,H,Tk,dh]
    private INDArray rel;    // [Tq,Tk,dh] or null
    private INDArray p;      // [B,H,Tq,Tk] softmax weights before dropout
    private INDArray pd;     // [B,H,Tq,Tk] after dropout (== p without it)
    private INDArray out;    // [B,H,Tq,dh]
    private INDArray relGrad;

    /** @param dropout applied to the attention weights (its own training flag decides), or null */
    public ScaledDotProductAttention(Dropout dropout) {
        this.dropout = dropout;
    }

    /**
     * The additive mask value for a data type: large enough that exp underflows to exactly 0, small
     * enough that adding two masks (padding and causal) stays finite, so a fully masked row gives a
     * uniform distribution instead of NaN.
     */
    public static double maskValue(DataType type) {
        return type == DataType.HALF ? -1e4 : -1e9;
    }

    /**
     * @param q       queries [B,H,Tq,dh]
     * @param k       keys [B,H,Tk,dh]
     * @param v       values [B,H,Tk,dh]
     * @param rel     relative key embeddings [Tq,Tk,dh], or null
     * @param biases  additive score biases, each broadcastable to [B,H,Tq,Tk] (null entries skipped)
     * @return        [B,H,Tq,dh]; q, k, v may be strided views (no copies are made of them)
     */
    public INDArray forward(INDArray q, INDArray k, INDArray v, INDArray rel, INDArray... biases) {
        Checks.rank("attention queries", q, 4);
        INDArray o = Nd4j.createUninitialized(q.dataType(), q.size(0), q.size(1), q.size(2), q.size(3));
        forwardInto(o, q, k, v, rel, biases);
        return o;
    }

    /**
     * {@link #forward} writing into {@code o} [B,H,Tq,dh], which may be a strided view: a permuted
     * view of a [B,Tq,H,dh] buffer puts the heads side by side for the output projection without a
     * copy (ND4J's batched matmul writes strided outputs correctly and as fast).
     */
    public void forwardInto(INDArray o, INDArray q, INDArray k, INDArray v, INDArray rel, INDArray... biases) {
        forwardInto(o, q, k, v, rel, false, null, false, biases);
    }

    /**
     * {@link #forwardInto(INDArray, INDArray, INDArray, INDArray, INDArray, INDArray...)} with the
     * key-padding and causal masks applied inside the softmax ({@link MaskedSoftmax}) instead of as
     * bias arrays; only where {@link MaskedSoftmax#available} says so (float32, and the JVM has the
     * Vector API). Same result within float rounding.
     *
     * @param keyKeep [B*Tk] in c order: 1 for a real key, 0 for padding; or null
     * @param causal  query i sees keys 0..i only (Tq == Tk)
     * @param biases  any other additive biases (ALiBi), added before the masks
     */
    public void forwardMaskedInto(INDArray o, INDArray q, INDArray k, INDArray v, INDArray rel, float[] keyKeep,
            boolean causal, INDArray... biases) {
        if (!MaskedSoftmax.available(q.dataType())) {
            throw new IllegalStateException("the fused masked softmax is not available for " + q.dataType()
                    + " (it needs float32 and --add-modules jdk.incubator.vector)");
        }
        if (causal && q.size(2) != k.size(2)) {
            throw new IllegalArgumentException("a causal mask needs as many queries as keys, got " + q.size(2)
                    + " and " + k.size(2));
        }
        forwardInto(o, q, k, v, rel, true, keyKeep, causal, biases);
    }

    private void forwardInto(INDArray o, INDArray q, INDArray k, INDArray v, INDArray rel, boolean fusedMasks,
            float[] keyKeep, boolean causal, INDArray... biases) {
        Checks.rank("attention queries", q, 4);
        Checks.rank("attention keys", k, 4);
        Checks.shape("attention values", v, k.shape());
        long b = q.size(0);
        long h = q.size(1);
        long tq = q.size(2);
        long dh = q.size(3);
        long tk = k.size(2);
        Checks.shape("attention keys", k, b, h, tk, dh);
        if (rel != null) {
            Checks.shape("relative keys", rel, tq, tk, dh);
        }
        double scale = 1.0 / Math.sqrt(dh);

        // S = scale * Q K^T : [B,H,Tq,Tk], one batched GEMM.
        INDArray s = Nd4j.createUninitialized(q.dataType(), b, h, tq, tk);
        // A causal mask inside the softmax lets the products skip the keys no query of a block of
        // rows can see (their weights are exactly 0): at length 256 that is 5/8 of the work.
        boolean triangular = fusedMasks && causal && keyKeep == null && rel == null && tq > CAUSAL_BLOCK;
        if (triangular) {
            for (long i0 = 0; i0 < tq; i0 += CAUSAL_BLOCK) {
                long i1 = Math.min(tq, i0 + CAUSAL_BLOCK);
                mmul(rows(q, i0, i1), rows(k, 0, i1), block(s, i0, i1), false, true, scale, 0.0);
            }
        } else {
            mmul(q, k, s, false, true, scale, 0.0);
        }
        if (rel != null) {
            // R[i, bh, j] = sum_d Q[i, bh, d] A[i, j, d]: a batch over query positions i.
            INDArray qT = q.reshape(b * h, tq, dh).permute(1, 0, 2);        // [Tq, BH, dh] (copy if q is strided)
            INDArray r = Nd4j.createUninitialized(q.dataType(), tq, b * h, tk);
            mmul(qT, rel, r, false, true, scale, 0.0);                       // [Tq, BH, Tk]
            s.reshape(b * h, tq, tk).addi(r.permute(1, 0, 2));               // into S as [BH, Tq, Tk]
        }
        for (INDArray bias : biases) {
            if (bias != null) {
                s.addi(bias);
            }
        }
        if (fusedMasks) {
            MaskedSoftmax.apply(s, keyKeep, causal, (float) maskValue(s.dataType()));
        } else {
            softmaxLastAxis(s);
        }
        INDArray weights = s;
        INDArray dropped = dropout == null ? weights : dropout.forward(weights);
        Checks.shape("attention output", o, b, h, tq, dh);
        if (triangular) {
            for (long i0 = 0; i0 < tq; i0 += CAUSAL_BLOCK) {
                long i1 = Math.min(tq, i0 + CAUSAL_BLOCK);
                mmul(block(dropped, i0, i1), rows(v, 0, i1), rows(o, i0, i1), false, false, 1.0, 0.0);
            }
        } else {
            mmul(dropped, v, o, false, false, 1.0, 0.0);                      // O = Pd V
        }

        this.q = q;
        this.k = k;
        this.v = v;
        this.rel = rel;
        this.p = weights;
        this.pd = dropped;
        this.out = o;
        this.relGrad = null;
    }

    /** Rows [from, to) of the third axis of x [B,H,T,n]: a view. */
    private static INDArray rows(INDArray x, long from, long to) {
        return x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    /** Scores [B,H,from..to, 0..to]: a block of query rows with the keys they can see under a causal mask. */
    private static INDArray block(INDArray s, long from, long to) {
        return s.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(from, to),
                NDArrayIndex.interval(0, to));
    }

    /** Softmax weights [B,H,Tq,Tk] of the last forward, after masking and before dropout. */
    public INDArray weights() {
        return p;
    }

    /**
     * Gradients of the last forward. dq, dk, dv are overwritten (they may be slices of a larger
     * buffer); the relative-key gradient, if any, is then available from {@link #relativeGradient()}.
     *
     * @param dOut dL/dO [B,H,Tq,dh]; may be a strided view
     */
    public void backward(INDArray dOut, INDArray dq, INDArray dk, INDArray dv) {
        if (p == null) {
            throw new IllegalStateException("attention backward called before forward");
        }
        Checks.shape("attention output gradient", dOut, out.shape());
        long b = q.size(0);
        long h = q.size(1);
        long tq = q.size(2);
        long dh = q.size(3);
        long tk = k.size(2);
        double scale = 1.0 / Math.sqrt(dh);

        mmul(pd, dOut, dv, true, false, 1.0, 0.0);                       // dV = Pd^T dO   [B,H,Tk,dh]
        INDArray dp = Nd4j.createUninitialized(q.dataType(), b, h, tq, tk);
        mmul(dOut, v, dp, false, true, 1.0, 0.0);                        // dPd = dO V^T   [B,H,Tq,Tk]
        if (dropout != null && pd != p) {
            dp = dropout.backward(dp);                                   // dP = dPd * mask
        }
        INDArray rowDot = rowDot(dOut, out);                             // rowsum(dP*P) = dO.O  [B,H,Tq,1]
        INDArray ds = dp.subi(rowDot).muli(p);                           // dS = P (dP - rowDot)

        mmul(ds, k, dq, false, false, scale, 0.0);                       // dQ = scale dS K
        mmul(ds, q, dk, true, false, scale, 0.0);                        // dK = scale dS^T Q
        if (rel != null) {
            INDArray dsT = ds.reshape(b * h, tq, tk).permute(1, 0, 2);   // [Tq, BH, Tk] view
            INDArray dqRel = Nd4j.createUninitialized(q.dataType(), tq, b * h, dh);
            mmul(dsT, rel, dqRel, false, false, scale, 0.0);             // [Tq, BH, dh]
            dq.addi(dqRel.permute(1, 0, 2).reshape(b, h, tq, dh));
            INDArray qT = q.reshape(b * h, tq, dh).permute(1, 0, 2);     // [Tq, BH, dh]
            relGrad = Nd4j.createUninitialized(q.dataType(), tq, tk, dh);
            mmul(dsT, qT, relGrad, true, false, scale, 0.0);             // dA = scale dS^T Q per i
        }
    }

    /** dL/dA [Tq,Tk,dh] of the relative keys after {@link #backward}, or null when there were none. */
    public INDArray relativeGradient() {
        return relGrad;
    }

    /**
     * sum over dh of a * b, [B,H,Tq,1]. Element-wise ops on strided views take a slow path in ND4J
     * (about 10x a contiguous one, measured), so when both operands are the head-major views of
     * contiguous [B,Tq,H,dh] buffers (as in MultiHeadAttention) the product is taken in that layout.
     */
    private static INDArray rowDot(INDArray a, INDArray b) {
        INDArray at = a.permute(0, 2, 1, 3);
        INDArray bt = b.permute(0, 2, 1, 3);
        if (!contiguous(a) && contiguous(at) && contiguous(bt)) {
            INDArray r = at.mul(bt).sum(true, 3);                         // [B,Tq,H,1]
            return r.permute(0, 2, 1, 3).dup('c');                        // small: [B,H,Tq,1]
        }
        return a.mul(b).sum(true, 3);
    }

    /** Whether x has c-order strides for its shape (it may still start at an offset). */
    private static boolean contiguous(INDArray x) {
        long expected = 1;
        for (int i = x.rank() - 1; i >= 0; i--) {
            if (x.size(i) != 1 && x.stride(i) != expected) {
                return false;
            }
            expected *= x.size(i);
        }
        return true;
    }

    /** c = alpha op(a) op(b) + beta c, batched over leading axes, into c (which may be a view): {@link Gemm#batched}. */
    static void mmul(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, double alpha, double beta) {
        Gemm.batched(a, b, c, ta, tb, alpha, beta);
    }

    /**
     * In-place softmax over the last axis with ND4J's op (8x faster than one built from exp and
     * sum). Measured in 1.0.0-M2.1: for float64 on rank >= 2 the op does not subtract a correct
     * row maximum when every entry of a row is below about -745, so a fully masked row comes out
     * NaN; float32 is fine. For float64 (gradient checks) we subtract the row max first.
     */
    static void softmaxLastAxis(INDArray s) {
        if (s.dataType() == DataType.DOUBLE) {
            s.subi(s.max(true, s.rank() - 1));
        }
        Nd4j.exec(new SoftMax(s, s, -1));
    }
}
