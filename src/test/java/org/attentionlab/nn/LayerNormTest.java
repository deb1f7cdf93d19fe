package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

class LayerNormTest {
    private final Init init = new Init(21, DataType.DOUBLE);

    @Test
    void normalisedOutputHasZeroMeanAndUnitVariancePerPosition() {
        LayerNorm ln = new LayerNorm(16, 1e-5, init);
        INDArray x = init.normal(3, 2, 5, 16).addi(7); // far from zero mean and unit variance
        INDArray y = ln.forward(x, null); // weight 1, bias 0: y is the normalised input
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 5; t++) {
                INDArray row = y.get(NDArrayIndex.point(b), NDArrayIndex.point(t), NDArrayIndex.all());
                assertEquals(0, row.meanNumber().doubleValue(), 1e-12);
                // biased variance, slightly below 1 because of eps
                assertEquals(1, row.varNumber().doubleValue() * 15 / 16, 1e-5);
            }
        }
    }

    @Test
    void appliesWeightAndBiasPerFeature() {
        LayerNorm ln = new LayerNorm(2, 1e-5, init);
        ln.weight().value().assign(init.normal(1, 2).addi(2));
        ln.bias().value().assign(init.normal(1, 2));
        INDArray y = ln.forward(init.normal(1, 1, 1, 2).muli(10), null);
        // two features normalise to -1 and +1 (up to eps)
        double w0 = ln.weight().value().getDouble(0);
        double b0 = ln.bias().value().getDouble(0);
        double h0 = (y.getDouble(0, 0, 0) - b0) / w0;
        assertEquals(1, Math.abs(h0), 1e-3);
    }

    @Test
    void gradientsMatchCentralDifferences() {
        LayerNorm ln = new LayerNorm(6, 1e-5, init);
        ln.weight().value().assign(init.normal(1, 6).addi(1));
        ln.bias().value().assign(init.normal(1, 6));
        INDArray x = init.normal(2, 2, 3, 6).addi(1);
        GradientCheck.of(() -> ln.forward(x, null))
                .backward(dy -> List.of(ln.backward(dy)))
                .input("x", x)
                .parameters(ln)
                .verify();
    }

    @Test
    void readsAStridedViewCorrectly() {
        LayerNorm ln = new LayerNorm(4, 1e-5, init);
        INDArray big = init.normal(1, 3, 5, 4);
        INDArray view = big.get(NDArrayIndex.interval(1, 3), NDArrayIndex.interval(2, 4), NDArrayIndex.all());
        assertEquals(ln.forward(view.dup('c'), null), ln.forward(view, null));
    }

    @Test
    void buffersReusedAfterALargerInputGiveTheSameResults() {
        // forward keeps its normalised input in a buffer reused from call to call; a smaller input
        // after a larger one must not see the larger one's rows
        LayerNorm used = new LayerNorm(5, 1e-5, init);
        LayerNorm fresh = new LayerNorm(5, 1e-5, init);
        used.forward(init.normal(3, 4, 6, 5).addi(2), null);
        used.backward(init.normal(4, 4, 6, 5));
        used.zeroGrad();
        INDArray x = init.normal(5, 2, 3, 5);
        INDArray dy = init.normal(6, 2, 3, 5);
        assertEquals(fresh.forward(x, null), used.forward(x, null));
        assertEquals(fresh.backward(dy), used.backward(dy));
        assertEquals(fresh.weight().grad(), used.weight().grad());
        assertEquals(fresh.bias().grad(), used.bias().grad());
    }

    @Test
    void float32LoopsAgreeWithTheFloat64Ones() {
        // 150 rows: more than one of LayerNormFloat's 64-row blocks; 13 features: not a multiple of
        // its four accumulators; 133: whole Vector API vectors (VectorRows) and a remainder.
        for (int d : new int[] {13, 133}) {
            float32AgreesWithFloat64(d);
        }
    }

    /** Inputs far from zero mean, weights and biases not 1 and 0. */
    private void float32AgreesWithFloat64(int d) {
        LayerNorm wide = new LayerNorm(d, 1e-5, init);
        Init floats = new Init(21, DataType.FLOAT);
        LayerNorm narrow = new LayerNorm(d, 1e-5, floats);
        INDArray w = init.normal(1, d).addi(1);
        INDArray b = init.normal(1, d);
        wide.weight().value().assign(w);
        wide.bias().value().assign(b);
        narrow.weight().value().assign(w.castTo(DataType.FLOAT));
        narrow.bias().value().assign(b.castTo(DataType.FLOAT));
        INDArray x = init.normal(3, 3, 50, d).muli(4).addi(5);
        INDArray dy = init.normal(4, 3, 50, d);
        INDArray y64 = wide.forward(x, null);
        INDArray y32 = narrow.forward(x.castTo(DataType.FLOAT), null);
        assertEquals(DataType.FLOAT, y32.dataType());
        assertTrue(y64.sub(y32.castTo(DataType.DOUBLE)).amaxNumber().doubleValue() < 2e-5, "forward");
        INDArray dx64 = wide.backward(dy);
        INDArray dx32 = narrow.backward(dy.castTo(DataType.FLOAT));
        assertTrue(dx64.sub(dx32.castTo(DataType.DOUBLE)).amaxNumber().doubleValue() < 2e-5, "input gradient");
        assertTrue(wide.weight().grad().sub(narrow.weight().grad().castTo(DataType.DOUBLE)).amaxNumber()
                .doubleValue() < 1e-4, "weight gradient");
        assertTrue(wide.bias().grad().sub(narrow.bias().grad().castTo(DataType.DOUBLE)).amaxNumber()
                .doubleValue() < 1e-4, "bias gradient");
    }

    @Test
    void backwardAddsIntoParameterGradients() {
        LayerNorm ln = new LayerNorm(3, 1e-5, init);
        INDArray x = init.normal(1, 2, 2, 3);
        INDArray dy = init.normal(1, 2, 2, 3);
        ln.forward(x, null);
        ln.backward(dy);
        INDArray once = ln.bias().grad().dup();
        ln.backward(dy);
        assertEquals(once.mul(2), ln.bias().grad());
    }

    @Test
    void wrongFeatureSizeIsRejected() {
        LayerNorm ln = new LayerNorm(8, 1e-5, init);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ln.forward(init.zeros(2, 3, 4), null));
        assertTrue(e.getMessage().contains("LayerNorm input") && e.getMessage().contains("last dimension 8")
                && e.getMessage().contains("[2, 3, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ln.forward(init.zeros(2, 3, 8), init.ones(3, 2)));
        assertTrue(e.getMessage().contains("keep mask") && e.getMessage().contains("[2, 3]"), e.getMessage());
    }

    @Test
    void configChoosesTheNorm() {
        TransformerConfig c = TransformerConfig.builder().dModel(8).heads(2).build();
        Norm ln = Norm.create(c, init);
        assertInstanceOf(LayerNorm.class, ln);
        assertEquals(List.of("weight", "bias"), List.copyOf(ln.namedParameters().keySet()));
        Norm bn = Norm.create(c.toBuilder().normType(NormType.BATCH).build(), init);
        assertInstanceOf(BatchNorm.class, bn);
        assertTrue(((BatchNorm) bn).excludesPadding());
        assertArrayEquals(new long[] {8}, bn.weight().shape());
    }
}
