package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The attention's masks applied inside the vectorised softmax against the additive bias arrays and
 * ND4J's softmax op: the same weights within float rounding, masked keys exactly 0, fully masked
 * rows as the additive form gives them; and the causal attention's triangular products against
 * the full ones, forward and backward.
 */
class MaskedSoftmaxTest {
    private static final float NEG = (float) ScaledDotProductAttention.maskValue(DataType.FLOAT);

    @Test
    void theTestJvmHasTheVectorApi() {
        // Surefire's argLine adds the module (pom.xml); without it the tests below would test nothing new.
        assertTrue(MaskedSoftmax.available(DataType.FLOAT));
        assertTrue(!MaskedSoftmax.available(DataType.DOUBLE));
    }

    @Test
    void matchesTheAdditiveMasksWithPaddingCausalityAndBoth() {
        // Lengths on and off the vector width (16 floats with AVX-512, 8 with AVX2), and one row
        // of the left-padded sequence sees padding only (fully masked).
        for (int t : new int[] {1, 7, 16, 33, 70}) {
            for (boolean causal : new boolean[] {false, true}) {
                for (boolean padded : new boolean[] {false, true}) {
                    int b = 3;
                    int h = 2;
                    INDArray s = Nd4j.rand(DataType.FLOAT, b, h, t, t).muli(20).subi(10);
                    float[] keep = null;
                    if (padded) {
                        keep = new float[b * t];
                        java.util.Arrays.fill(keep, 1f);
                        for (int j = Math.max(1, t - 3); j < t; j++) {
                            keep[j] = 0;                         // sequence 0: right padding
                        }
                        for (int j = 0; j < Math.min(2, t - 1); j++) {
                            keep[2 * t + j] = 0;                 // sequence 2: left padding
                        }
                    }
                    INDArray expected = additive(s, keep, causal);
                    INDArray actual = s.dup();
                    MaskedSoftmax.apply(actual, keep, causal, NEG);
                    String what = "t " + t + (causal ? " causal" : "") + (padded ? " padded" : "");
                    assertClose(expected, actual, what);
                }
            }
        }
    }

    @Test
    void attentionWithTriangularProductsMatchesTheFullProductsForwardAndBackward() {
        // 150 query rows: three blocks of the causal form's products, the last one partial.
        int b = 2;
        int h = 2;
        int t = 150;
        int dh = 8;
        Init init = new Init(5, DataType.FLOAT);
        INDArray q = init.normal(1, b, h, t, dh);
        INDArray k = init.normal(1, b, h, t, dh);
        INDArray v = init.normal(1, b, h, t, dh);
        INDArray dOut = init.normal(1, b, h, t, dh);
        double[] c = new double[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                c[i * t + j] = NEG;
            }
        }
        INDArray causalBias = Nd4j.create(c, new long[] {1, 1, t, t}, DataType.FLOAT);

        ScaledDotProductAttention full = new ScaledDotProductAttention(null);
        INDArray oFull = full.forward(q, k, v, null, causalBias);
        ScaledDotProductAttention fused = new ScaledDotProductAttention(null);
        INDArray oFused = Nd4j.createUninitialized(DataType.FLOAT, b, h, t, dh);
        fused.forwardMaskedInto(oFused, q, k, v, null, null, true);
        assertClose(full.weights(), fused.weights(), "weights");
        assertClose(oFull, oFused, "output");

        INDArray[] gFull = {q.ulike(), k.ulike(), v.ulike()};
        INDArray[] gFused = {q.ulike(), k.ulike(), v.ulike()};
        full.backward(dOut, gFull[0], gFull[1], gFull[2]);
        fused.backward(dOut, gFused[0], gFused[1], gFused[2]);
        for (int i = 0; i < 3; i++) {
            assertClose(gFull[i], gFused[i], "gradient " + "qkv".charAt(i));
        }
    }

    /** The additive form: bias arrays added, then ND4J's softmax op (the path without the Vector API). */
    private static INDArray additive(INDArray s, float[] keep, boolean causal) {
        long b = s.size(0);
        long t = s.size(3);
        INDArray x = s.dup();
        if (keep != null) {
            INDArray mask = Nd4j.create(keep, new long[] {b, t}, 'c');
            x.addi(MultiHeadAttention.paddingBias(mask));
        }
        if (causal) {
            double[] c = new double[(int) (t * t)];
            for (int i = 0; i < t; i++) {
                for (int j = i + 1; j < t; j++) {
                    c[(int) (i * t + j)] = NEG;
                }
            }
            x.addi(Nd4j.create(c, new long[] {1, 1, t, t}, DataType.FLOAT));
        }
        ScaledDotProductAttention.softmaxLastAxis(x);
        return x;
    }

    /** Equal within float rounding, and exactly 0 wherever the expected value is 0. */
    private static void assertClose(INDArray expected, INDArray actual, String what) {
        float[] e = expected.dup('c').data().asFloat();
        float[] a = actual.dup('c').data().asFloat();
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 2e-6 + 2e-6 * Math.abs(e[i]), what + " at " + i);
            if (e[i] == 0) {
                assertEquals(0f, a[i], what + ": a masked weight at " + i + " must be exactly 0");
            }
        }
    }
}
