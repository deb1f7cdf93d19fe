package org.attentionlab.train;

import java.util.Arrays;
import org.attentionlab.nn.Checks;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Cross-entropy against targets smoothed towards the uniform distribution (the paper's section 5.4,
 * epsilon_ls = 0.1), averaged over the target tokens that are not padding.
 *
 * <p>With smoothing s and vocabulary size V, the target distribution of a token with id t puts
 * (1 - s) + s/V on t and s/V on every other id, so with log-probabilities p = z - lse(z) the token's
 * loss is
 * <pre>
 *   l = -(1 - s) p[t] - (s/V) sum_j p[j]  =  lse - (1 - s) z[t] - (s/V) sum_j z[j]
 * </pre>
 * and its gradient with respect to the logits is {@code softmax(z) - (1 - s) onehot(t) - s/V}. The
 * loss is the mean of l over the N non-pad tokens, which is exactly what
 * {@code torch.nn.CrossEntropyLoss(label_smoothing=s, ignore_index=pad)} returns.
 *
 * <p>Cost, on the [R = B*T, V] view of the logits: one softmax op (into a buffer kept from the
 * previous call of the same shape, which backward turns into the gradient in place), one arg-max
 * and one row sum. ND4J's {@code log_softmax} op measured about 5x slower than its
 * {@code softmax} here, so the log-sum-exp comes from the softmax instead: at the row's arg-max m,
 * P[m] = 1 / sum_j exp(z_j - z_m) lies in [1/V, 1] and never underflows, so lse = z[m] - log P[m] is
 * exact to rounding. The arg-max also gives the token accuracy for free. Per-token values (R of
 * them) are read from and written to the buffers directly in Java.
 */
public final class LabelSmoothedCrossEntropy {
    private final double smoothing;
    private final int padId;

    // State of the last forward.
    private INDArray work;      // [R, V] softmax, turned into the gradient in place by backward
    private int[] flatTargets;  // [R], -1 at padded positions
    private long[] shape;       // [B, T, V]
    private long tokens;
    private long correct;
    private boolean gradReady;

    /**
     * @param smoothing label smoothing s in [0, 1); 0 gives plain cross-entropy
     * @param padId     target id whose positions are ignored, or a negative number for none
     */
    public LabelSmoothedCrossEntropy(double smoothing, int padId) {
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException("smoothing must be in [0, 1), got " + smoothing);
        }
        this.smoothing = smoothing;
        this.padId = padId;
    }

    public double smoothing() {
        return smoothing;
    }

    /** The ignored target id, or -1 when none is. */
    public int padId() {
        return padId < 0 ? -1 : padId;
    }

    /**
     * Mean loss over the non-pad tokens.
     *
     * @param logits  [B, T, V], any floating-point type
     * @param targets [B][T] ids in [0, V), or {@link #padId()}
     * @return the loss, or 0 when every target is padding (PyTorch returns NaN there; 0 with a zero
     *         gradient lets token-weighted sums over batches stay finite)
     */
    public double forward(INDArray logits, int[][] targets) {
        Checks.rank("logits", logits, 3);
        if (!logits.dataType().isFPType()) {
            throw new IllegalArgumentException("logits must be floating point, got " + logits.dataType());
        }
        long[] s = logits.shape();
        if (s[0] == 0 || s[1] == 0 || s[2] == 0) {
            throw new IllegalArgumentException("logits must have no empty dimension, got shape " + Arrays.toString(s));
        }
        int[] flat = flattenTargets(targets, s);
        int v = (int) s[2];
        int rows = flat.length;
        // [B, T, V] -> [R, V]: a view when the logits are c-contiguous.
        INDArray z = (logits.ordering() == 'c' && Shape.hasDefaultStridesForShape(logits)) ? logits : logits.dup('c');
        z = z.reshape('c', rows, v);
        // The [R, V] buffer is reused while the shape holds: fresh off-heap memory of this size
        // (tens of MB) cost more to allocate and fault in than the softmax itself on the test VM.
        // It is kept across calls, so it lives outside any workspace the caller runs a step in.
        INDArray probs = work != null && work.dataType() == z.dataType() && work.rows() == rows && work.columns() == v
                ? work : outsideWorkspaces(z.dataType(), rows, v);
        org.attentionlab.nn.RowSoftmax.apply(z, probs);
        long[] argmax = Nd4j.argMax(z, 1).toLongVector();            // [R]
        DataBuffer rowSums = smoothing > 0 ? z.sum(1).data() : null; // [R], sum_j z[j]

        DataBuffer zb = z.data(); // for a view, ND4J's buffer is already offset to the view's start
        DataBuffer pb = probs.data();
        double total = 0;
        long n = 0;
        long hits = 0;
        for (int r = 0; r < rows; r++) {
            int t = flat[r];
            if (t < 0) {
                continue;
            }
            long row = (long) r * v;
            long m = argmax[r];
            double lse = zb.getDouble(row + m) - Math.log(pb.getDouble(row + m));
            double l = lse - (1 - smoothing) * zb.getDouble(row + t);
            if (rowSums != null) {
                l -= smoothing / v * rowSums.getDouble(r);
            }
            total += l;
            n++;
            if (m == t) {
                hits++;
            }
        }
        this.work = probs;
        this.flatTargets = flat;
        this.shape = s;
        this.tokens = n;
        this.correct = hits;
        this.gradReady = false;
        return n == 0 ? 0.0 : total / n;
    }

    private static INDArray outsideWorkspaces(DataType type, int rows, int v) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.createUninitialized(type, rows, v);
        }
    }

    /** Validates the targets against the logits' shape and flattens them, -1 marking ignored positions. */
    private int[] flattenTargets(int[][] targets, long[] s) {
        if (targets == null) {
            throw new IllegalArgumentException("targets is null");
        }
        long b = s[0];
        long t = s[1];
        long v = s[2];
        if (targets.length != b) {
            throw new IllegalArgumentException("targets must have shape [" + b + "][" + t + "] to match logits "
                    + Arrays.toString(s) + ", got " + targets.length + " rows");
        }
        int[] flat = new int[Math.toIntExact(b * t)];
        for (int i = 0; i < b; i++) {
            if (targets[i] == null || targets[i].length != t) {
                throw new IllegalArgumentException("targets must have shape [" + b + "][" + t + "] to match logits "
                        + Arrays.toString(s) + ", got row " + i + " of length "
                        + (targets[i] == null ? "null" : String.valueOf(targets[i].length)));
            }
            for (int j = 0; j < t; j++) {
                int id = targets[i][j];
                if (padId >= 0 && id == padId) {
                    flat[(int) (i * t + j)] = -1;
                } else if (id < 0 || id >= v) {
                    throw new IllegalArgumentException("target id " + id + " at position [" + i + "][" + j
                            + "] is outside [0, " + v + ")");
                } else {
                    flat[(int) (i * t + j)] = id;
                }
            }
        }
        return flat;
    }

    /**
     * dL/dlogits [B, T, V] of the last forward, in the logits' data type; rows at padded positions are
     * zero. The array belongs to this object: the next forward of the same shape overwrites it, so use
     * it (back-propagate it) before then, or copy it. Calling backward twice returns the same values.
     */
    public INDArray backward() {
        if (work == null) {
            throw new IllegalStateException("LabelSmoothedCrossEntropy.backward called before forward");
        }
        if (!gradReady) {
            int rows = flatTargets.length;
            int v = (int) shape[2];
            // grad = (softmax - s/V) * w_r - (1 - s) * w_r at the target, with w_r = 1/N, or 0 for padding.
            double inv = tokens == 0 ? 0.0 : 1.0 / tokens;
            double[] w = new double[rows];
            for (int r = 0; r < rows; r++) {
                w[r] = flatTargets[r] < 0 ? 0.0 : inv;
            }
            if (smoothing > 0) {
                work.subi(smoothing / v);
            }
            work.muliColumnVector(Nd4j.create(w, new long[] {rows, 1}, work.dataType()));
            DataBuffer g = work.data();
            double hit = (1 - smoothing) * inv;
            for (int r = 0; r < rows; r++) {
                int t = flatTargets[r];
                if (t >= 0) {
                    long k = (long) r * v + t;
                    g.put(k, g.getDouble(k) - hit);
                }
            }
            gradReady = true;
        }
        return work.reshape('c', shape);
    }

    /** Non-pad target tokens in the last forward. */
    public long lastTokenCount() {
        return tokens;
    }

    /**
     * Non-pad tokens of the last forward whose arg-max logit is the target, for token accuracy;
     * computed by forward at no extra cost.
     */
    public long lastCorrectCount() {
        return correct;
    }
}
