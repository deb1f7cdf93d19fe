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

    /** Batched products against ND4J's Mmul op, which computed the attention's products before. */
    private static void checkBatched(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, double alpha, double beta) {
        INDArray expected = c.dup();
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.reduce.Mmul(a, b, expected, alpha, beta,
                org.nd4j.linalg.api.blas.params.MMulTranspose.builder().transposeA(ta).transposeB(tb).build()));
        Gemm.batched(a, b, c, ta, tb, alpha, beta);
        double tol = a.dataType() == DataType.DOUBLE ? 1e-12 : 1e-5;
        assertTrue(expected.equalsWithEps(c, tol), "batched gemm differs:\n" + expected + "\n" + c);
    }

    @Test
    void batchedMatchesMmulForAllTransposeFlagsAndTypes() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray a = Nd4j.rand(type, 2, 3, 5, 4);
            INDArray b = Nd4j.rand(type, 2, 3, 4, 6);
            checkBatched(a, b, Nd4j.rand(type, 2, 3, 5, 6), false, false, 1, 0);
            checkBatched(a, Nd4j.rand(type, 2, 3, 6, 4), Nd4j.rand(type, 2, 3, 5, 6), false, true, 0.5, 0);
            checkBatched(Nd4j.rand(type, 2, 3, 4, 5), b, Nd4j.rand(type, 2, 3, 5, 6), true, false, 1, 1);
            checkBatched(Nd4j.rand(type, 2, 3, 4, 5), Nd4j.rand(type, 2, 3, 6, 4), Nd4j.rand(type, 2, 3, 5, 6),
                    true, true, 2, 0.5);
            checkBatched(Nd4j.rand(type, 7, 5, 4), Nd4j.rand(type, 7, 4, 3), Nd4j.rand(type, 7, 5, 3), false, false, 1, 0);
        }
    }

    @Test
    void batchedReadsAndWritesTheStridedHeadViewsOfAFusedProjection() {
        long b = 2;
        long t = 5;
        long h = 3;
        long dh = 4;
        // [B,T,3,H,dh] seen as [3,B,H,T,dh], as MultiHeadAttention lays out Q, K and V.
        INDArray qkv = Nd4j.rand(DataType.FLOAT, b, t, 3, h, dh).permute(2, 0, 3, 1, 4);
        INDArray q = qkv.get(NDArrayIndex.point(0));
        INDArray k = qkv.get(NDArrayIndex.point(1));
        INDArray v = qkv.get(NDArrayIndex.point(2));
        checkBatched(q, k, Nd4j.zeros(DataType.FLOAT, b, h, t, t), false, true, 0.5, 0);  // scores
        INDArray p = Nd4j.rand(DataType.FLOAT, b, h, t, t);
        INDArray merged = Nd4j.zeros(DataType.FLOAT, b, t, h, dh);
        checkBatched(p, v, merged.permute(0, 2, 1, 3), false, false, 1, 0);             // output through a view
        INDArray grads = Nd4j.zeros(DataType.FLOAT, b, t, 3, h, dh).permute(2, 0, 3, 1, 4);
        checkBatched(p, q, grads.get(NDArrayIndex.point(1)), true, false, 0.5, 0);     // dK into its slice
        assertTrue(grads.get(NDArrayIndex.point(0)).sumNumber().doubleValue() == 0, "only the dK slice is written");
    }

    @Test
    void batchedRejectsMismatchedShapesWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.batched(Nd4j.rand(DataType.FLOAT, 2, 3, 4), Nd4j.rand(DataType.FLOAT, 2, 5, 6),
                        Nd4j.create(DataType.FLOAT, 2, 3, 6), false, false, 1, 0));
        assertTrue(e.getMessage().contains("[2, 3, 4] x [2, 5, 6]"), e.getMessage());
    }
}
