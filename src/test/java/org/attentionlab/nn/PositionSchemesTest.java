package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** RotaryEmbedding, AlibiBias and RelativePositionKeys on their own. */
class PositionSchemesTest {
    @Test
    void ropeRotatesHalfSplitPairsByPositionTimesTheta() {
        RotaryEmbedding rope = new RotaryEmbedding(4, DataType.DOUBLE);
        // One vector e_0 (feature 0) at position 3: pair (0, 2) turns by 3 * theta_0 = 3 rad.
        INDArray x = Nd4j.zeros(DataType.DOUBLE, 1, 1, 1, 4);
        x.putScalar(new long[] {0, 0, 0, 0}, 1.0);
        INDArray y = rope.rotate(x, 3);
        assertEquals(Math.cos(3), y.getDouble(0, 0, 0, 0), 1e-12);
        assertEquals(0.0, y.getDouble(0, 0, 0, 1), 1e-12);
        assertEquals(Math.sin(3), y.getDouble(0, 0, 0, 2), 1e-12);
        // theta_1 = 10000^(-2/4) = 0.01
        assertEquals(0.03, rope.angle(3, 1), 1e-15);
    }

    @Test
    void ropeScoresDependOnlyOnDistance() {
        RotaryEmbedding rope = new RotaryEmbedding(8, DataType.DOUBLE);
        Init init = new Init(3, DataType.DOUBLE);
        INDArray q = init.normal(1, 1, 1, 1, 8);
        INDArray k = init.normal(1, 1, 1, 1, 8);
        double a = rope.rotate(q, 7).mul(rope.rotate(k, 4)).sumNumber().doubleValue();
        double b = rope.rotate(q, 30).mul(rope.rotate(k, 27)).sumNumber().doubleValue();
        assertEquals(a, b, 1e-10);
        // And its backward is the inverse rotation: rotateBackward(rotate(x)) = x.
        INDArray x = init.normal(1, 2, 3, 5, 8);
        assertEquals(0.0, rope.rotateBackward(rope.rotate(x, 2), 2).sub(x).amaxNumber().doubleValue(), 1e-12);
    }

    @Test
    void alibiSlopesFollowPressEtAl() {
        double[] eight = AlibiBias.slopes(8);
        for (int h = 0; h < 8; h++) {
            assertEquals(Math.pow(0.5, h + 1), eight[h], 1e-15);
        }
        // 6 heads: the 4-head slopes (1/4, 1/16, 1/64, 1/256), then every other 8-head slope (1/2, 1/8).
        assertArrayEquals(new double[] {0.25, 1 / 16.0, 1 / 64.0, 1 / 256.0, 0.5, 0.125}, AlibiBias.slopes(6), 1e-15);
        INDArray bias = new AlibiBias(2, DataType.DOUBLE).bias(1, 2, 4);   // queries at 1, 2
        assertArrayEquals(new long[] {1, 2, 2, 4}, bias.shape());
        assertEquals(-1.0 / 16 * 1, bias.getDouble(0, 0, 0, 0), 1e-15);    // 2 heads: slopes 1/16, 1/256
        assertEquals(-1.0 / 256 * 2, bias.getDouble(0, 1, 1, 0), 1e-15);
        assertEquals(-1.0 / 16 * 2, bias.getDouble(0, 0, 0, 3), 1e-15);    // symmetric: |1 - 3|
    }

    @Test
    void relativeKeysClipDistance() {
        RelativePositionKeys rel = new RelativePositionKeys(2, 3, new Init(1, DataType.DOUBLE));
        assertEquals(0, rel.index(5, 0));   // j - i = -5 clipped to -2
        assertEquals(2, rel.index(4, 4));
        assertEquals(3, rel.index(4, 5));
        assertEquals(4, rel.index(0, 9));
        INDArray a = rel.keys(1, 2, 5);     // queries at 1, 2; keys 0..4
        INDArray w = rel.weight().value();
        assertEquals(w.getRow(rel.index(2, 4)), a.get(NDArrayIndex.point(1), NDArrayIndex.point(4)));
        assertEquals(w.getRow(0), a.get(NDArrayIndex.point(1), NDArrayIndex.point(0)));
    }

    @Test
    void relativeKeysBackwardSumsPairsAtTheSameDistance() {
        RelativePositionKeys rel = new RelativePositionKeys(1, 2, new Init(1, DataType.DOUBLE));
        rel.keys(0, 2, 2);                  // distances: (0,0)=0, (0,1)=+1, (1,0)=-1, (1,1)=0
        rel.backward(Nd4j.ones(DataType.DOUBLE, 2, 2, 2));
        INDArray g = rel.weight().grad();
        assertEquals(1.0, g.getDouble(0, 0), 0);  // distance -1: one pair
        assertEquals(2.0, g.getDouble(1, 0), 0);  // distance 0: two pairs
        assertEquals(1.0, g.getDouble(2, 1), 0);  // distance +1: one pair
    }
}
