package org.attentionlab.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ALiBi (Press et al. 2022): no position embeddings at all; each head h adds -m_h * |i - j| to the
 * score of query i on key j, a penalty linear in distance with a head-specific slope.
 *
 * <p>Slopes are the paper's geometric sequence: for n heads a power of two, m_h = 2^(-8(h+1)/n);
 * otherwise the slopes of the nearest lower power of two p, followed by every other slope of 2p
 * until n are taken (the reference implementation's rule). In a causal decoder j &lt;= i, so
 * -m |i - j| = -m (i - j) is exactly the paper's bias; in a bidirectional encoder the absolute
 * distance makes the penalty symmetric.
 *
 * <p>No parameters. The last bias is kept, since consecutive layers and batches ask for the same one.
 */
public final class AlibiBias {
    private final double[] slopes;
    private final DataType type;
    private long lastOffset = -1;
    private long lastTq = -1;
    private long lastTk = -1;
    private INDArray last;

    public AlibiBias(int heads, DataType type) {
        this.slopes = slopes(heads);
        this.type = type;
    }

    /** The per-head slopes m_0..m_{n-1}. */
    public static double[] slopes(int heads) {
        Checks.positive("alibi heads", heads);
        int p = Integer.highestOneBit(heads);
        double[] out = new double[heads];
        double[] base = powerOfTwoSlopes(p);
        System.arraycopy(base, 0, out, 0, p);
        if (p < heads) {
            double[] extra = powerOfTwoSlopes(2 * p);
            for (int i = 0; i < heads - p; i++) {
                out[p + i] = extra[2 * i];
            }
        }
        return out;
    }

    private static double[] powerOfTwoSlopes(int n) {
        double start = Math.pow(2, -8.0 / n);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = Math.pow(start, i + 1);
        }
        return s;
    }

    public double[] slopes() {
        return slopes.clone();
    }

    /** [1, H, Tq, Tk] with entry -m_h |qOffset + i - j|: queries at positions qOffset.., keys at 0... */
    public INDArray bias(long qOffset, long tq, long tk) {
        if (last != null && qOffset == lastOffset && tq == lastTq && tk == lastTk) {
            return last;
        }
        int h = slopes.length;
        double[] v = new double[Math.toIntExact(h * tq * tk)];
        int n = 0;
        for (int head = 0; head < h; head++) {
            for (long i = 0; i < tq; i++) {
                for (long j = 0; j < tk; j++) {
                    v[n++] = -slopes[head] * Math.abs(qOffset + i - j);
                }
            }
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) { // kept across calls
            last = Nd4j.create(v, new long[] {1, h, tq, tk}, type);
        }
        lastOffset = qOffset;
        lastTq = tq;
        lastTk = tk;
        return last;
    }
}
