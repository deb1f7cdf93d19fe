package org.attentionlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A trained table, parameter "weight" [max_len, d]: the alternative the paper found to perform
 * nearly identically to sinusoids (table 3, row E), but which cannot go beyond max_len.
 *
 * <p>Initialisation: normal(0, 0.02), the choice of BERT and GPT-2 for their position tables. It starts
 * small beside the unit-variance scaled token embeddings, so early training sees mostly the tokens.
 */
public final class LearnedPositionEncoding extends AbsolutePositionEncoding {
    static final double INIT_STD = 0.02;

    private final Parameter weight;
    private int lastOffset = -1;
    private long lastT;
    private long lastB;

    public LearnedPositionEncoding(int maxLen, int dModel, Init init) {
        super(maxLen, dModel);
        this.weight = parameter("weight", init.normal(INIT_STD, maxLen, dModel));
    }

    public Parameter weight() {
        return weight;
    }

    @Override
    public INDArray forward(INDArray x, int offset) {
        checkInput(x, offset);
        lastOffset = offset;
        lastB = x.size(0);
        lastT = x.size(1);
        return addRows(x, weight.value(), offset);
    }

    /** dx = dy; rows offset..offset+T-1 of the table's gradient gain dy summed over the batch. */
    @Override
    public INDArray backward(INDArray dy) {
        if (lastOffset < 0) {
            throw new IllegalStateException("LearnedPositionEncoding.backward called before forward");
        }
        Checks.shape("position encoding output gradient", dy, lastB, lastT, dModel);
        INDArray dy2 = Arrays2.rows(dy, lastT * dModel); // [B, T*d]
        INDArray rows = weight.grad().get(NDArrayIndex.interval(lastOffset, lastOffset + lastT), NDArrayIndex.all());
        rows.addi(dy2.sum(0).reshape('c', lastT, dModel)); // [T, d], written through the view
        return dy;
    }

    @Override
    public INDArray table(int length) {
        Checks.inRange("length", length, 1, maxLen);
        return weight.value().get(NDArrayIndex.interval(0, length), NDArrayIndex.all()).dup('c');
    }
}
