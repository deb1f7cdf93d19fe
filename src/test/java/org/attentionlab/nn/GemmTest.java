package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The direct BLAS call must compute exactly what Nd4j.gemm does, for every layout the layers use. */
class GemmTest {

    private static void check(INDArray a, INDArray b, boolean ta, boolean tb, double alpha, double beta) {
        long m = ta ? a.size(1) : a.size(0);
        long n = tb ? b.size(0) : b.size(1);
        INDArray start = Nd4j.rand(a.dataType(), m, n);
        INDArray expected = start.dup();
        Nd4j.gemm(a, b, expected, ta, tb, alpha, beta);
        INDArray actual = start.dup();
        Gemm.gemm(a, b, actual, ta, tb, alpha, beta);
        double tol = a.dataType() == DataType.DOUBLE ? 1e-12 : 1e-5;
        assertTrue(expected.equalsWithEps(actual, tol), "direct gemm differs:\n" + expected + "\n" + actual);
    }

    @Test
    void matchesNd4jForAllTransposeFlags() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray a = Nd4j.rand(type, 5, 7);
            INDArray b = Nd4j.rand(type, 7, 3);
            check(a, b, false, false, 1, 0);
            check(a.transpose().dup(), b, true, false, 0.5, 1);
            check(a, b.transpose().dup(), false, true, 1, 1);
            check(a.transpose().dup(), b.transpose().dup(), true, true, 2, 0);
        }
    }

    @Test
    void matchesNd4jOnViewsAndColumnMajorArrays() {
        INDArray w = Nd4j.rand(DataType.FLOAT, 12, 4);                         // like in_proj_weight [3d, d]
        INDArray rows = w.get(NDArrayIndex.interval(4, 12), NDArrayIndex.all()); // rows d..3d: an offset view
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 4);
        check(x, rows, false, true, 1, 0);
        INDArray cols = Nd4j.rand(DataType.FLOAT, 6, 10).get(NDArrayIndex.all(), NDArrayIndex.interval(2, 6));
        check(cols, w, false, true, 1, 0);                                      // row stride 10, offset 2
        check(x.dup('f'), rows.dup('f'), false, true, 1, 0);                   // column-major inputs
        check(x.transpose(), x, false, false, 1, 0);                           // a transposed view
        INDArray one = Nd4j.rand(DataType.FLOAT, 1, 4);
        check(one, w, false, true, 1, 0);                                      // a single row
    }

    @Test
    void writesIntoAnOffsetViewOfTheOutput() {
        INDArray a = Nd4j.rand(DataType.DOUBLE, 3, 4);
        INDArray b = Nd4j.rand(DataType.DOUBLE, 4, 2);
        INDArray big = Nd4j.zeros(DataType.DOUBLE, 5, 2);
        INDArray out = big.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all());
        Gemm.gemm(a, b, out, false, false, 1, 0);
        assertTrue(a.mmul(b).equalsWithEps(big.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all()), 1e-12));
        assertTrue(big.get(NDArrayIndex.interval(0, 2), NDArrayIndex.all()).sumNumber().doubleValue() == 0);
    }

    @Test
    void rejectsMismatchedShapesWithAClearMessage() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 3, 4);
        INDArray b = Nd4j.rand(DataType.FLOAT, 5, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(a, b, Nd4j.create(DataType.FLOAT, 3, 2), false, false, 1, 0));
        assertTrue(e.getMessage().contains("[3, 4] x [5, 2]"), e.getMessage());
    }
}
