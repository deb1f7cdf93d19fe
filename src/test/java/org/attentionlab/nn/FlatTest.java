package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class FlatTest {

    @Test
    void readsAndWritesAContiguousViewAtItsOffset() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray big = Nd4j.arange(0, 60).castTo(type).reshape('c', 3, 5, 4);
            INDArray slice = big.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.all()); // [5, 4] from 20
            assertTrue(Flat.isCContiguous(slice));
            Flat f = Flat.of(slice);
            assertEquals(20, f.get(0), 0);
            assertEquals(39, f.get(19), 0);
            f.add(1, 0.5);
            assertEquals(21.5, big.getDouble(1, 0, 1), 0);
            assertEquals(0, big.getDouble(0, 0, 0), 0);
        }
    }

    @Test
    void fillsRowsOfAViewAndNothingElse() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (int rows : new int[] {1, 2, 5, 8, 13}) {
                INDArray big = Nd4j.zeros(type, rows + 2, 3).subi(1);
                INDArray middle = big.get(NDArrayIndex.interval(1, rows + 1), NDArrayIndex.all()); // offset 3
                Flat.of(middle).fillRows(new double[] {2, 3.5, -4}, rows);
                for (int r = 0; r < rows + 2; r++) {
                    boolean inside = r >= 1 && r <= rows;
                    assertEquals(inside ? 2 : -1, big.getDouble(r, 0), 0, type + " row " + r);
                    assertEquals(inside ? 3.5 : -1, big.getDouble(r, 1), 0, type + " row " + r);
                    assertEquals(inside ? -4 : -1, big.getDouble(r, 2), 0, type + " row " + r);
                }
            }
        }
    }

    @Test
    void recognisesLayouts() {
        assertTrue(Flat.isCContiguous(Nd4j.createUninitialized(DataType.FLOAT, 1, 1, 3)));
        INDArray m = Nd4j.zeros(DataType.FLOAT, 3, 4);
        assertFalse(Flat.isCContiguous(m.transpose()));
        assertFalse(Flat.isCContiguous(m.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2))));
        assertThrows(IllegalStateException.class, () -> Flat.of(m.transpose()));
        assertThrows(IllegalArgumentException.class, () -> Flat.of(Nd4j.zeros(DataType.INT32, 2)));
    }
}
