package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DropoutTest {
    // 3 x 5000 elements: more than one of the 4,096-value chunks the mask is written in
    private static final long[] SHAPE = {3, 50, 100};

    @Test
    void keepsOrZeroesEachElementWithTheInvertedScale() {
        Dropout dropout = new Dropout(0.3, new SplittableRandom(5));
        INDArray x = Nd4j.rand(DataType.FLOAT, SHAPE).addi(1); // no zeros of its own
        INDArray y = dropout.forward(x);
        long zeros = 0;
        for (long i = 0; i < x.length(); i++) {
            double v = y.getDouble(i);
            if (v == 0) {
                zeros++;
            } else {
                assertEquals(x.getDouble(i) / 0.7, v, 1e-5, "element " + i);
            }
        }
        // 15,000 Bernoulli(0.3) draws: the standard deviation of the fraction is 0.0037
        assertEquals(0.3, zeros / (double) x.length(), 0.02);
    }

    @Test
    void backwardUsesTheForwardMask() {
        Dropout dropout = new Dropout(0.5, new SplittableRandom(7));
        INDArray x = Nd4j.ones(DataType.FLOAT, SHAPE);
        INDArray y = dropout.forward(x);
        assertEquals(y, dropout.backward(Nd4j.ones(DataType.FLOAT, SHAPE)));
    }

    @Test
    void sameSeedSameMask() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, SHAPE);
        INDArray a = new Dropout(0.1, new SplittableRandom(11)).forward(x);
        INDArray b = new Dropout(0.1, new SplittableRandom(11)).forward(x);
        INDArray c = new Dropout(0.1, new SplittableRandom(12)).forward(x);
        assertEquals(a, b);
        assertEquals(false, a.equals(c));
    }

    @Test
    void identityInEvaluationModeAndAtZero() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3);
        Dropout off = new Dropout(0.4, new SplittableRandom(1));
        off.train(false);
        assertSame(x, off.forward(x));
        assertSame(x, new Dropout(0, new SplittableRandom(1)).forward(x));
    }

    @Test
    void probabilityOutsideTheRangeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dropout(1, new SplittableRandom(1)));
        assertEquals("dropout must be in [0, 1), got 1.0", e.getMessage());
    }
}
