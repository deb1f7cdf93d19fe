package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

class DecodeLastTest {
    private static Transformer model() {
        TransformerConfig c = TransformerConfig.builder().dModel(8).heads(2).dFf(12).layers(2).vocab(9).maxLen(16)
                .dropout(0).build();
        Transformer m = new Transformer(c, new Init(3, DataType.DOUBLE));
        m.train(false);
        return m;
    }

    @Test
    void decodeLastEqualsTheLastPositionOfTheFullDecode() {
        Transformer m = model();
        int[][] src = {{3, 4, 5, 0}, {6, 7, 8, 5}};
        int[][] tgt = {{1, 4, 4}, {1, 8, 3}};
        INDArray keep = m.keepMask(src, 0);
        INDArray memory = m.encode(src, keep);
        INDArray full = m.decode(tgt, memory, keep, null);                       // [B,T,V]
        INDArray expected = full.get(NDArrayIndex.all(), NDArrayIndex.point(2), NDArrayIndex.all()).dup();
        INDArray last = m.decodeLast(tgt, memory, keep, null);                   // [B,V]
        assertArrayEquals(expected.shape(), last.shape());
        assertTrue(expected.equalsWithEps(last, 1e-12), "last-position logits differ");
    }

    @Test
    void decodeLastRejectsAMemoryOfAnotherBatch() {
        Transformer m = model();
        INDArray memory = m.encode(new int[][] {{3, 4}}, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.decodeLast(new int[][] {{1}, {1}}, memory, null, null));
        assertTrue(e.getMessage().contains("batch"), e.getMessage());
    }
}
