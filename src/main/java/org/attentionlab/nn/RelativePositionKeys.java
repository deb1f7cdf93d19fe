package org.attentionlab.nn;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Relative position representations on keys (Shaw, Uszkoreit and Vaswani 2018): the score of query
 * i on key j becomes q_i . (k_j + a_{ij}) / sqrt(dh), with a_{ij} = w[clip(j - i, -k, k) + k] a learned
 * vector per clipped distance. Only the key-side term is used (the paper's a^V on values is left
 * out: the paper found it unnecessary for translation).
 *
 * <p>The table {@code weight} [2k+1, dh] is shared by all heads of a layer, as in the paper.
 * Gathering a_{ij} for all pairs is written as one GEMM with a one-hot matrix E [Tq*Tk, 2k+1]:
 * A = E w, and its backward dw += E^T dA sums the gradients of all pairs at the same distance.
 * Initialised Xavier-uniform on [2k+1, dh] (the paper does not say; this keeps the term the size of
 * the projected keys).
 */
public final class RelativePositionKeys extends Module {
    private final int clip;
    private final int dh;
    private final Parameter weight;
    private long lastOffset = -1;
    private long lastTq = -1;
    private long lastTk = -1;
    private INDArray lastOneHot; // [Tq*Tk, 2k+1]

    public RelativePositionKeys(int clip, int headDim, Init init) {
        Checks.positive("relative clip", clip);
        Checks.positive("relative head width", headDim);
        this.clip = clip;
        this.dh = headDim;
        this.weight = parameter("weight", init.xavier(2L * clip + 1, headDim));
    }

    public int clip() {
        return clip;
    }

    public Parameter weight() {
        return weight;
    }

    /** Row of the table for query position i and key position j: clip(j - i, -k, k) + k. */
    public int index(long i, long j) {
        return (int) (Math.max(-clip, Math.min(clip, j - i)) + clip);
    }

    /** a_{ij} for queries at positions qOffset..qOffset+Tq-1 and keys 0..Tk-1: [Tq, Tk, dh]. */
    public INDArray keys(long qOffset, long tq, long tk) {
        INDArray e = oneHot(qOffset, tq, tk);
        INDArray a = Nd4j.createUninitialized(weight.value().dataType(), tq * tk, dh);
        Gemm.gemm(e, weight.value(), a, false, false, 1.0, 0.0);     // [Tq*Tk, 2k+1] x [2k+1, dh]
        return a.reshape(tq, tk, dh);
    }

    /** Adds dL/dw = E^T dA for the pairs of the last {@link #keys} call; dA is [Tq, Tk, dh]. */
    public void backward(INDArray dA) {
        if (lastOneHot == null) {
            throw new IllegalStateException("RelativePositionKeys.backward called before keys");
        }
        Checks.shape("relative keys gradient", dA, lastTq, lastTk, dh);
        INDArray dA2 = Arrays2.rows(dA, dh);                          // [Tq*Tk, dh]
        Gemm.gemm(lastOneHot, dA2, weight.grad(), true, false, 1.0, 1.0);
    }

    private INDArray oneHot(long qOffset, long tq, long tk) {
        if (lastOneHot != null && qOffset == lastOffset && tq == lastTq && tk == lastTk) {
            return lastOneHot;
        }
        int width = 2 * clip + 1;
        double[] v = new double[Math.toIntExact(tq * tk * width)];
        for (long i = 0; i < tq; i++) {
            for (long j = 0; j < tk; j++) {
                v[Math.toIntExact((i * tk + j) * width + index(qOffset + i, j))] = 1;
            }
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) { // kept across calls
            lastOneHot = Nd4j.create(v, new long[] {tq * tk, width}, weight.value().dataType());
        }
        lastOffset = qOffset;
        lastTq = tq;
        lastTk = tk;
        return lastOneHot;
    }
}
