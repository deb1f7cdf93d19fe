package org.attentionlab.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The paper's fixed encoding (section 3.5), interleaved as written there:
 * PE[pos, 2i] = sin(pos / 10000^(2i/d)), PE[pos, 2i+1] = cos(pos / 10000^(2i/d)).
 *
 * <p>Each pair of columns is a rotation at its own frequency, so PE[pos + k] is a linear function of
 * PE[pos]: the paper's argument that relative offsets are easy to attend to. The [max_len, d] table
 * is computed once, in float64, and stored in the model's data type; it has no parameters.
 */
public final class SinusoidalPositionEncoding extends AbsolutePositionEncoding {
    private final INDArray table; // [maxLen, d]

    public SinusoidalPositionEncoding(int maxLen, int dModel, DataType dataType) {
        super(maxLen, dModel);
        this.table = compute(maxLen, dModel, dataType);
    }

    /** The formula, for any length (an odd d has a last sine column without its cosine). */
    static INDArray compute(int length, int d, DataType dataType) {
        double[] v = new double[Math.multiplyExact(length, d)];
        for (int i = 0; 2 * i < d; i++) {
            // 1 / 10000^(2i/d): wavelengths form a geometric progression from 2 pi to 10000 * 2 pi.
            double frequency = Math.exp(-Math.log(10000.0) * (2.0 * i) / d);
            for (int pos = 0; pos < length; pos++) {
                double angle = pos * frequency;
                v[pos * d + 2 * i] = Math.sin(angle);
                if (2 * i + 1 < d) {
                    v[pos * d + 2 * i + 1] = Math.cos(angle);
                }
            }
        }
        return Nd4j.create(v, new long[] {length, d}, dataType);
    }

    @Override
    public INDArray forward(INDArray x, int offset) {
        checkInput(x, offset);
        INDArray t = x.dataType() == table.dataType() ? table : table.castTo(x.dataType());
        return addRows(x, t, offset);
    }

    /** The encoding is a constant added to x: dx = dy (the same array is returned). */
    @Override
    public INDArray backward(INDArray dy) {
        return dy;
    }

    /** [length, d]; beyond max_len the formula is evaluated afresh. */
    @Override
    public INDArray table(int length) {
        Checks.positive("length", length);
        if (length <= maxLen) {
            return table.get(NDArrayIndex.interval(0, length), NDArrayIndex.all()).dup('c');
        }
        return compute(length, dModel, table.dataType());
    }
}
