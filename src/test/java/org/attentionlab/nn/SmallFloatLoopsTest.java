package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The Java loops that replace small float32 ND4J ops in a decoding step give the ops' results. */
class SmallFloatLoopsTest {
    @Test
    void addInPlaceMatchesAddi() {
        INDArray y = new Init(1, DataType.FLOAT).normal(1, 4, 1, 8);
        INDArray x = new Init(2, DataType.FLOAT).normal(1, 4, 1, 8);
        INDArray expected = y.add(x);
        assertSame(y, Flat.addInPlace(y, x));
        assertEquals(0.0, y.sub(expected).amaxNumber().doubleValue(), 0.0);
    }

    @Test
    void sinusoidalStepMatchesTableRowsAddedByOps() {
        SinusoidalPositionEncoding pe = new SinusoidalPositionEncoding(20, 8, DataType.FLOAT);
        INDArray x = new Init(3, DataType.FLOAT).normal(1, 3, 2, 8);   // [B, T, d], positions 5 and 6
        INDArray rows = pe.table(20).get(NDArrayIndex.interval(5, 7), NDArrayIndex.all());
        INDArray expected = x.dup();
        for (int b = 0; b < 3; b++) {
            expected.get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.all()).addi(rows);
        }
        INDArray y = pe.forward(x, 5);
        assertEquals(0.0, y.sub(expected).amaxNumber().doubleValue(), 1e-7);
        assertEquals(DataType.FLOAT, y.dataType());
    }

    @Test
    void argmaxOfFloatRowsTakesTheFirstLargest() {
        INDArray m = org.nd4j.linalg.factory.Nd4j.create(new float[] {1, 3, 3, 0, -2, -1, -1, -5}, new long[] {2, 4}, 'c');
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {1, 1}, Rows.argmax(m));
        INDArray r = new Init(5, DataType.FLOAT).normal(1, 3, 50);
        org.junit.jupiter.api.Assertions.assertArrayEquals(org.nd4j.linalg.factory.Nd4j.argMax(r, 1).toIntVector(),
                Rows.argmax(r));
    }
}
