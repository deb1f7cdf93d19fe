package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class ScaledDotProductAttentionTest {
    private final Init init = new Init(21, DataType.DOUBLE);

    @Test
    void matchesTheFormulaOnOneHead() {
        INDArray q = init.normal(1, 1, 1, 3, 4);
        INDArray k = init.normal(1, 1, 1, 5, 4);
        INDArray v = init.normal(1, 1, 1, 5, 4);
        INDArray o = new ScaledDotProductAttention(null).forward(q, k, v, null);
        INDArray q2 = q.reshape(3, 4).dup();
        INDArray k2 = k.reshape(5, 4).dup();
        INDArray s = q2.mmul(k2.transpose()).div(2.0);                       // sqrt(4) = 2
        INDArray e = Transforms.exp(s.subColumnVector(s.max(1)), true);
        INDArray p = e.divColumnVector(e.sum(1));
        INDArray expected = p.mmul(v.reshape(5, 4).dup());
        assertEquals(0.0, o.reshape(3, 4).sub(expected).amaxNumber().doubleValue(), 1e-12);
    }

    @Test
    void gradientsWithBiasAndRelativeKeysMatchCentralDifferences() {
        ScaledDotProductAttention att = new ScaledDotProductAttention(null);
        INDArray q = init.normal(1, 2, 3, 4, 6);
        INDArray k = init.normal(1, 2, 3, 5, 6);
        INDArray v = init.normal(1, 2, 3, 5, 6);
        INDArray rel = init.normal(1, 4, 5, 6);
        INDArray bias = init.normal(1, 1, 3, 4, 5);
        INDArray[] grads = new INDArray[4];
        GradientCheck.of(() -> att.forward(q, k, v, rel, bias))
                .backward(dy -> {
                    INDArray dq = q.ulike();
                    INDArray dk = k.ulike();
                    INDArray dv = v.ulike();
                    att.backward(dy, dq, dk, dv);
                    return List.of(dq, dk, dv, att.relativeGradient());
                })
                .input("q", q).input("k", k).input("v", v).input("rel", rel)
                .verify();
    }

    @Test
    void softmaxOfMaskedRowsIsUniformNotNaN() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray s = Nd4j.valueArrayOf(new long[] {1, 1, 2, 3}, -1e9, type);
            s.putScalar(new long[] {0, 0, 1, 0}, -800);
            ScaledDotProductAttention.softmaxLastAxis(s);
            assertEquals(1.0 / 3, s.getDouble(0, 0, 0, 2), 1e-6, type.toString());
            assertEquals(1.0, s.getDouble(0, 0, 1, 0), 1e-6, type.toString());
        }
    }
}
