package org.attentionlab.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Position information added to the embeddings before the first block: x + P[offset : offset + T].
 *
 * <p>The paper's sinusoidal table and a learned table are the real ones. For relative, rotary and
 * ALiBi encodings position lives inside attention, and for NONE nowhere; {@link #create} then
 * returns an identity, so that the model always calls the same two methods.
 */
public abstract class AbsolutePositionEncoding extends Module {
    protected final int maxLen;
    protected final int dModel;

    protected AbsolutePositionEncoding(int maxLen, int dModel) {
        Checks.positive("max_len", maxLen);
        Checks.positive("d_model", dModel);
        this.maxLen = maxLen;
        this.dModel = dModel;
    }

    /** SINUSOIDAL and LEARNED give tables of [max_len, d_model]; every other choice gives the identity. */
    public static AbsolutePositionEncoding create(TransformerConfig config, Init init) {
        switch (config.position()) {
            case SINUSOIDAL:
                return new SinusoidalPositionEncoding(config.maxLen(), config.dModel(), init.dataType());
            case LEARNED:
                return new LearnedPositionEncoding(config.maxLen(), config.dModel(), init);
            default:
                return new NoPositionEncoding(config.maxLen(), config.dModel(), init.dataType());
        }
    }

    public int maxLen() {
        return maxLen;
    }

    public int dModel() {
        return dModel;
    }

    /** x [B, T, d] -> x + P[0 : T]. */
    public INDArray forward(INDArray x) {
        return forward(x, 0);
    }

    /** x [B, T, d] -> x + P[offset : offset + T], for decoding one step at a time. */
    public abstract INDArray forward(INDArray x, int offset);

    /** dy [B, T, d] -> dx (which is dy: the encoding is added); a learned table also accumulates its gradient. */
    public abstract INDArray backward(INDArray dy);

    /** The [length, d] encoding matrix, for plotting; zeros for the identity. */
    public abstract INDArray table(int length);

    /** Checks rank, width and that positions offset..offset+T-1 fit in the table. */
    protected final void checkInput(INDArray x, int offset) {
        Checks.rank("position encoding input", x, 3);
        Checks.lastDim("position encoding input", x, dModel);
        if (offset < 0) {
            throw new IllegalArgumentException("position offset must be 0 or more, got " + offset);
        }
        long t = x.size(1);
        if (offset + t > maxLen) {
            throw new IllegalArgumentException("sequence length T=" + t + (offset > 0 ? " at offset " + offset : "")
                    + " exceeds max_len=" + maxLen);
        }
    }

    /** x [B, T, d] + rows offset..offset+T-1 of table [maxLen, d], broadcast over the batch, in one op. */
    static INDArray addRows(INDArray x, INDArray table, int offset) {
        long b = x.size(0);
        long t = x.size(1);
        long d = x.size(2);
        if (x.length() <= Flat.SMALL && x.dataType() == DataType.FLOAT && table.dataType() == DataType.FLOAT
                && Flat.isCContiguous(x) && Flat.isCContiguous(table)) {
            return addRowsFloat(x, table, offset, (int) b, (int) (t * d));
        }
        INDArray x2 = Arrays2.rows(x, t * d); // [B, T*d]
        // Rows of a c-order table are contiguous, so the slice flattens to one row vector [1, T*d].
        INDArray p = table.get(NDArrayIndex.interval(offset, offset + t), NDArrayIndex.all()).reshape('c', 1, t * d);
        return x2.addRowVector(p).reshape('c', b, t, d);
    }

    /**
     * {@link #addRows} for a small float32 x as a Java loop into a new array: a decoding step's
     * [32, 1, 128] input, where the op's view, reshape and broadcast cost more than the sum.
     */
    private static INDArray addRowsFloat(INDArray x, INDArray table, int offset, int b, int n) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        float[] p = new float[n];
        float[] row = new float[n];
        Flat.floats(table).get(offset * (int) table.size(1), p, 0, n);
        java.nio.FloatBuffer in = Flat.floats(x);
        java.nio.FloatBuffer o = Flat.floats(out);
        for (int r = 0; r < b; r++) {
            in.get(r * n, row, 0, n);
            for (int k = 0; k < n; k++) {
                row[k] += p[k];
            }
            o.put(r * n, row, 0, n);
        }
        return out;
    }
}
