package org.attentionlab.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Rotary position embedding (Su et al. 2021): queries and keys of each head are rotated by angles
 * proportional to their position, so that q_i . k_j depends on positions only through i - j.
 *
 * <p><b>Pairing: half-split</b> (the GPT-NeoX / Hugging Face LLaMA "rotate_half" layout, not the
 * interleaved one of the paper's reference code): feature c is paired with feature c + dh/2, and
 * pair c (0 &lt;= c &lt; dh/2) at position t turns by angle t * theta_c, theta_c = 10000^(-2c/dh):
 * <pre>
 *   y[c]        = x[c] cos - x[c+dh/2] sin
 *   y[c+dh/2]   = x[c+dh/2] cos + x[c] sin
 * </pre>
 * Written as y = x * COS + swap(x) * SIN with full-width tables COS = [cos, cos],
 * SIN = [-sin, sin] and swap(x) = [x2, x1]. The map is a rotation, so its transpose (the backward)
 * is the rotation by minus the angle: the same formula with SIN negated.
 *
 * <p>No parameters. The cos/sin tables are built in Java on demand and grown by doubling.
 */
public final class RotaryEmbedding {
    /** The base of the angle sequence in Su et al. */
    public static final double BASE = 10000.0;
    private final int dh;
    private final DataType type;
    private INDArray cos;  // [capacity, dh]
    private INDArray sin;  // [capacity, dh], signed: [-sin, sin]
    private int capacity;

    public RotaryEmbedding(int headDim, DataType type) {
        Checks.positive("rope head width", headDim);
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("rope needs an even head width, got " + headDim);
        }
        this.dh = headDim;
        this.type = type;
    }

    /** x [B,H,T,dh] at absolute positions offset..offset+T-1 -> rotated copy. */
    public INDArray rotate(INDArray x, long offset) {
        return apply(x, offset, 1);
    }

    /** The transpose of {@link #rotate}: dL/dx from dL/dy for the same positions. */
    public INDArray rotateBackward(INDArray dy, long offset) {
        return apply(dy, offset, -1);
    }

    private INDArray apply(INDArray x, long offset, int sign) {
        Checks.rank("rope input", x, 4);
        Checks.lastDim("rope input", x, dh);
        long t = x.size(2);
        ensure(offset + t);
        INDArray c = cos.get(NDArrayIndex.interval(offset, offset + t), NDArrayIndex.all()); // [T, dh]
        INDArray s = sin.get(NDArrayIndex.interval(offset, offset + t), NDArrayIndex.all());
        int half = dh / 2;
        // Work on a contiguous copy: element-wise ops on strided views (x is often a view of the
        // fused projection) take a much slower path in ND4J than the copy costs.
        INDArray y = Nd4j.createUninitialized(x.dataType(), x.shape()).assign(x);
        // swap(x) = [x2, x1]
        INDArray swapped = y.ulike();
        swapped.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, half))
                .assign(y.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(half, dh)));
        swapped.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(half, dh))
                .assign(y.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, half)));
        swapped.muli(s);                       // broadcast [T, dh] over [B, H]
        if (sign < 0) {
            swapped.negi();
        }
        return y.muli(c).addi(swapped);
    }

    /** Angle of pair c at position t: t * 10000^(-2c/dh). */
    public double angle(long position, int pair) {
        return position * Math.pow(BASE, -2.0 * pair / dh);
    }

    private void ensure(long length) {
        if (length <= capacity) {
            return;
        }
        int n = Math.max(16, capacity);
        while (n < length) {
            n *= 2;
        }
        int half = dh / 2;
        double[] cs = new double[n * dh];
        double[] sn = new double[n * dh];
        for (int t = 0; t < n; t++) {
            for (int c = 0; c < half; c++) {
                double a = angle(t, c);
                double ca = Math.cos(a);
                double sa = Math.sin(a);
                cs[t * dh + c] = ca;
                cs[t * dh + c + half] = ca;
                sn[t * dh + c] = -sa;
                sn[t * dh + c + half] = sa;
            }
        }
        // Tables are kept across calls: never inside a training loop's workspace.
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            cos = Nd4j.create(cs, new long[] {n, dh}, type);
            sin = Nd4j.create(sn, new long[] {n, dh}, type);
        }
        capacity = n;
    }
}
