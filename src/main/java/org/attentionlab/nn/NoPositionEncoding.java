package org.attentionlab.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The identity, for models whose position information lives inside attention (relative, rotary,
 * ALiBi) or nowhere (NONE).
 *
 * <p>It does not enforce max_len: nothing here has a table to run off, and ALiBi's point is to run on
 * sequences longer than those seen in training. It still checks rank and width.
 */
public final class NoPositionEncoding extends AbsolutePositionEncoding {
    private final DataType dataType;

    public NoPositionEncoding(int maxLen, int dModel, DataType dataType) {
        super(maxLen, dModel);
        this.dataType = dataType;
    }

    @Override
    public INDArray forward(INDArray x, int offset) {
        Checks.rank("position encoding input", x, 3);
        Checks.lastDim("position encoding input", x, dModel);
        return x;
    }

    @Override
    public INDArray backward(INDArray dy) {
        return dy;
    }

    @Override
    public INDArray table(int length) {
        Checks.positive("length", length);
        return Nd4j.zeros(dataType, length, dModel);
    }
}
