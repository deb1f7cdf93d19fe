package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AttentionStepFloatTest {
    /** The softmax's float exponential stays within about one float ulp of Math.exp over its range. */
    @Test
    void expNonPositiveMatchesMathExp() {
        SplittableRandom rng = new SplittableRandom(3);
        double worst = 0;
        for (int i = 0; i < 200_000; i++) {
            float x = (float) (-87 * rng.nextDouble());
            double exact = Math.exp(x);
            worst = Math.max(worst, Math.abs(AttentionStepFloat.expNonPositive(x) - exact) / exact);
        }
        assertTrue(worst < 2.5e-7, "worst relative error " + worst);
        assertEquals(1f, AttentionStepFloat.expNonPositive(0f));
        assertEquals(0f, AttentionStepFloat.expNonPositive(-1e9f));
        assertEquals(0f, AttentionStepFloat.expNonPositive(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(AttentionStepFloat.expNonPositive(Float.NaN)));
    }

    /**
     * The Vector API's softmax and the plain Java one give the same step, at lengths with and without
     * a remainder after the whole vectors, with padded keys (whose weights must be 0 in both).
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 16, 33, 70})
    void vectorAndPlainSoftmaxesAgree(int length) {
        Assumptions.assumeTrue(MaskedSoftmax.vectorApi(), "needs --add-modules jdk.incubator.vector");
        int batch = 3;
        int heads = 2;
        int dh = 8;
        int cap = length + 5;
        Init init = new Init(4, DataType.FLOAT);
        INDArray q = init.normal(1, batch, heads * dh);
        INDArray keys = init.normal(2, batch, heads, cap, dh);
        INDArray values = init.normal(1, batch, heads, cap, dh);
        float[] keep = new float[batch * length];
        java.util.Arrays.fill(keep, 1f);
        keep[length - 1] = 0f;                              // sequence 0: its last key is padding
        float maskValue = (float) ScaledDotProductAttention.maskValue(DataType.FLOAT);
        INDArray[] outs = new INDArray[2];
        INDArray[] weights = new INDArray[2];
        for (int v = 0; v < 2; v++) {
            weights[v] = Nd4j.createUninitialized(DataType.FLOAT, batch, heads, 1, length);
            outs[v] = Nd4j.createUninitialized(DataType.FLOAT, batch, heads * dh);
            new AttentionStepFloat(heads, dh, v == 0).attend(q, heads * dh, keys, values, cap, length, batch,
                    java.nio.FloatBuffer.wrap(keep), length, maskValue, null, null, weights[v], outs[v]);
        }
        assertTrue(outs[0].equalsWithEps(outs[1], 1e-5), "outputs differ:\n" + outs[0] + "\n" + outs[1]);
        assertTrue(weights[0].equalsWithEps(weights[1], 1e-6), "weights differ");
        if (length > 1) {
            assertEquals(0f, weights[0].getFloat(0, 0, 0, length - 1));
            assertEquals(0f, weights[1].getFloat(0, 0, 0, length - 1));
        }
    }
}
