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

    /**
     * The float32 forward and backward (training's type; the gradient checks run float64) against
     * float64, in both layouts: contiguous [B,H,T,dh] arrays, and head-major views of [B,T,H,dh]
     * buffers as MultiHeadAttention passes them (strided BLAS operands, see Gemm.batched).
     */
    @Test
    void float32BackwardMatchesFloat64InBothLayouts() {
        for (boolean headViews : new boolean[] {false, true}) {
            INDArray q = init.normal(1, 2, 3, 4, 6);
            INDArray k = init.normal(1, 2, 3, 5, 6);
            INDArray v = init.normal(1, 2, 3, 5, 6);
            INDArray dy = init.normal(1, 2, 4, 3, 6);                            // [B,Tq,H,dh]
            INDArray bias = init.normal(1, 1, 1, 4, 5);
            INDArray[] wide = attendAndBack(q, k, v, bias, dy, headViews);
            INDArray[] narrow = attendAndBack(q.castTo(DataType.FLOAT), k.castTo(DataType.FLOAT),
                    v.castTo(DataType.FLOAT), bias.castTo(DataType.FLOAT), dy.castTo(DataType.FLOAT), headViews);
            for (int i = 0; i < wide.length; i++) {
                double diff = wide[i].sub(narrow[i].castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
                assertEquals(0.0, diff, 2e-5, "output/gradient " + i + ", head views " + headViews);
                assertEquals(true, wide[i].amaxNumber().doubleValue() > 1e-3, "a non-trivial gradient " + i);
            }
        }
    }

    /** Forward then backward; returns the output and dq, dk, dv as contiguous [B,H,T,dh] copies. */
    private static INDArray[] attendAndBack(INDArray q, INDArray k, INDArray v, INDArray bias, INDArray dy,
            boolean headViews) {
        ScaledDotProductAttention att = new ScaledDotProductAttention(null);
        INDArray o;
        INDArray dOut;
        if (headViews) {
            o = Nd4j.create(q.dataType(), 2, 4, 3, 6).permute(0, 2, 1, 3);      // a view of [B,Tq,H,dh]
            att.forwardInto(o, q, k, v, null, bias);
            dOut = dy.permute(0, 2, 1, 3);
        } else {
            o = att.forward(q, k, v, null, bias);
            dOut = dy.permute(0, 2, 1, 3).dup('c');
        }
        INDArray dq = q.ulike();
        INDArray dk = k.ulike();
        INDArray dv = v.ulike();
        att.backward(dOut, dq, dk, dv);
        return new INDArray[] {o.dup('c'), dq, dk, dv};
    }
}
