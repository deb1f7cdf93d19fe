package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class MultiHeadAttentionTest {
    private static final int D = 8;
    private static final int HEADS = 2;

    static TransformerConfig config(PositionEncoding position) {
        return TransformerConfig.builder().dModel(D).heads(HEADS).dropout(0).position(position).relativeClip(2).build();
    }

    static MultiHeadAttention layer(PositionEncoding position, boolean self, long seed) {
        Init init = new Init(seed, DataType.DOUBLE);
        MultiHeadAttention m = new MultiHeadAttention(config(position), self, init);
        // Non-zero biases so that the gradient check covers them in value, not only in gradient.
        m.inProjBias().value().assign(init.normal(0.1, 3 * D));
        m.outProj().bias().value().assign(init.normal(0.1, D));
        return m;
    }

    private static INDArray padding() {
        // batch 0: all 5 real; batch 1: last two padded.
        return Nd4j.create(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 0, 0}, new long[] {2, 5}, DataType.DOUBLE);
    }

    private static void checkSelf(PositionEncoding position, INDArray mask, boolean causal) {
        MultiHeadAttention m = layer(position, true, 3);
        INDArray x = new Init(11, DataType.DOUBLE).normal(1, 2, 5, D);
        GradientCheck.of(() -> m.forward(x, null, mask, causal))
                .backward(dy -> List.of(m.backward(dy)))
                .input("query", x)
                .parameters(m)
                .verify();
    }

    @Test
    void selfAttentionGradientsMatchCentralDifferences() {
        checkSelf(PositionEncoding.NONE, null, false);
    }

    @Test
    void selfAttentionWithPaddingGradientsMatch() {
        checkSelf(PositionEncoding.NONE, padding(), false);
    }

    @Test
    void causalSelfAttentionGradientsMatch() {
        checkSelf(PositionEncoding.SINUSOIDAL, padding(), true);
    }

    @ParameterizedTest
    @EnumSource(value = PositionEncoding.class, names = {"ROPE", "ALIBI", "RELATIVE"})
    void positionSchemeGradientsMatch(PositionEncoding position) {
        checkSelf(position, null, false);
        checkSelf(position, padding(), true);
    }

    @Test
    void crossAttentionGradientsIncludeMemory() {
        MultiHeadAttention m = layer(PositionEncoding.NONE, false, 5);
        Init data = new Init(12, DataType.DOUBLE);
        INDArray x = data.normal(1, 2, 3, D);
        INDArray mem = data.normal(1, 2, 5, D);
        GradientCheck.of(() -> m.forward(x, mem, padding(), false))
                .backward(dy -> List.of(m.backward(dy), m.memoryGradient()))
                .input("query", x)
                .input("memory", mem)
                .parameters(m)
                .verify();
    }

    @Test
    void crossAttentionIgnoresPositionScheme() {
        MultiHeadAttention rope = layer(PositionEncoding.ROPE, false, 5);
        MultiHeadAttention none = layer(PositionEncoding.NONE, false, 5);
        Init data = new Init(12, DataType.DOUBLE);
        INDArray x = data.normal(1, 2, 3, D);
        INDArray mem = data.normal(1, 2, 4, D);
        assertEquals(none.forward(x, mem, null, false), rope.forward(x, mem, null, false));
        assertNull(rope.namedParameters().get("relative_key.weight"));
    }

    @Test
    void parameterNamesAndShapesFollowPyTorch() {
        MultiHeadAttention m = layer(PositionEncoding.NONE, true, 1);
        var params = m.namedParameters();
        assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"),
                List.copyOf(params.keySet()));
        assertArrayEquals(new long[] {3 * D, D}, params.get("in_proj_weight").shape());
        assertArrayEquals(new long[] {3 * D}, params.get("in_proj_bias").shape());
        assertArrayEquals(new long[] {D, D}, params.get("out_proj.weight").shape());
        MultiHeadAttention rel = layer(PositionEncoding.RELATIVE, true, 1);
        assertArrayEquals(new long[] {5, D / HEADS}, rel.namedParameters().get("relative_key.weight").shape());
        assertFalse(layer(PositionEncoding.RELATIVE, false, 1).namedParameters().containsKey("relative_key.weight"));
        // Fresh layer: biases zero, as PyTorch initialises them.
        MultiHeadAttention fresh = new MultiHeadAttention(config(PositionEncoding.NONE), true, new Init(1, DataType.FLOAT));
        assertEquals(0.0, fresh.inProjBias().value().amaxNumber().doubleValue());
        assertEquals(0.0, fresh.outProj().bias().value().amaxNumber().doubleValue());
        double limit = Math.sqrt(6.0 / (D + 3 * D));
        assertTrue(fresh.inProjWeight().value().amaxNumber().doubleValue() <= limit);
    }

    @Test
    void causalMaskHidesFuture() {
        for (PositionEncoding position : PositionEncoding.values()) {
            MultiHeadAttention m = layer(position, true, 2);
            INDArray x = new Init(3, DataType.DOUBLE).normal(1, 2, 6, D);
            INDArray before = m.forward(x, null, null, true).dup();
            INDArray changed = x.dup();
            changed.get(NDArrayIndex.all(), NDArrayIndex.point(4), NDArrayIndex.all()).addi(3.0);
            INDArray after = m.forward(changed, null, null, true);
            INDArray past = before.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4), NDArrayIndex.all());
            double diffPast = past.sub(after.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4), NDArrayIndex.all()))
                    .amaxNumber().doubleValue();
            double diffFuture = before.get(NDArrayIndex.all(), NDArrayIndex.interval(4, 6), NDArrayIndex.all())
                    .sub(after.get(NDArrayIndex.all(), NDArrayIndex.interval(4, 6), NDArrayIndex.all()))
                    .amaxNumber().doubleValue();
            assertEquals(0.0, diffPast, 1e-12, position + ": outputs before the changed token moved");
            assertTrue(diffFuture > 1e-3, position + ": the changed token had no effect");
            INDArray w = m.lastAttentionWeights();
            assertEquals(0.0, w.getDouble(1, 1, 2, 3), 0.0, position + ": weight on a future key");
        }
    }

    @Test
    void paddedKeysGetZeroWeight() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            MultiHeadAttention m = new MultiHeadAttention(config(PositionEncoding.ALIBI), true, new Init(4, type));
            INDArray x = new Init(5, type).normal(1, 2, 5, D);
            INDArray mask = padding().castTo(DataType.FLOAT);      // a float mask on a double layer too
            m.forward(x, null, mask, false);
            INDArray w = m.lastAttentionWeights();                  // [B,H,Tq,Tk]
            assertArrayEquals(new long[] {2, HEADS, 5, 5}, w.shape());
            assertEquals(0.0, w.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.interval(3, 5)).amaxNumber().doubleValue(), 0.0);
            INDArray rowSums = w.sum(3);
            assertEquals(0.0, rowSums.sub(1.0).amaxNumber().doubleValue(), 1e-6);
        }
    }

    @Test
    void fullyMaskedRowGivesNoNaN() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            MultiHeadAttention m = new MultiHeadAttention(config(PositionEncoding.NONE), false, new Init(4, type));
            INDArray x = new Init(5, type).normal(1, 2, 3, D);
            INDArray mem = new Init(6, type).normal(1, 2, 4, D);
            INDArray mask = Nd4j.create(new double[] {1, 1, 0, 0, 0, 0, 0, 0}, new long[] {2, 4}, type);
            INDArray y = m.forward(x, mem, mask, false);
            assertFalse(y.isNaN().any(), type + ": NaN in output");
            INDArray dx = m.backward(y.ulike().assign(1));
            assertFalse(dx.isNaN().any() || m.memoryGradient().isNaN().any(), type + ": NaN in gradients");
        }
    }

    @Test
    void dropoutActsOnlyInTraining() {
        TransformerConfig c = config(PositionEncoding.NONE).toBuilder().dropout(0.5).build();
        MultiHeadAttention m = new MultiHeadAttention(c, true, new Init(4, DataType.DOUBLE));
        INDArray x = new Init(5, DataType.DOUBLE).normal(1, 2, 5, D);
        m.train(false);
        INDArray a = m.forward(x, null, null, false).dup();
        INDArray b = m.forward(x, null, null, false).dup();
        assertEquals(a, b);
        m.train(true);
        INDArray t = m.forward(x, null, null, false);
        assertTrue(t.sub(a).amaxNumber().doubleValue() > 1e-6);
        // Weights reported for plotting are those before dropout: rows still sum to 1.
        assertEquals(0.0, m.lastAttentionWeights().sum(3).sub(1.0).amaxNumber().doubleValue(), 1e-9);
    }

    @Test
    void rejectsWrongQueryWidth() {
        MultiHeadAttention m = layer(PositionEncoding.NONE, true, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.forward(Nd4j.zeros(DataType.DOUBLE, 2, 5, D + 1), null, null, false));
        assertTrue(e.getMessage().contains("query") && e.getMessage().contains("[2, 5, 9]"), e.getMessage());
    }

    @Test
    void rejectsMemoryForSelfAttentionAndMissingMemoryForCross() {
        MultiHeadAttention self = layer(PositionEncoding.NONE, true, 1);
        INDArray x = Nd4j.zeros(DataType.DOUBLE, 2, 5, D);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> self.forward(x, x, null, false));
        assertTrue(e.getMessage().contains("memory must be null for self-attention"), e.getMessage());
        MultiHeadAttention cross = layer(PositionEncoding.NONE, false, 1);
        e = assertThrows(IllegalArgumentException.class, () -> cross.forward(x, null, null, false));
        assertTrue(e.getMessage().contains("memory is required"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> cross.forward(x, Nd4j.zeros(DataType.DOUBLE, 3, 4, D), null, false));
        assertTrue(e.getMessage().contains("memory batch size 3"), e.getMessage());
    }

    @Test
    void rejectsMaskOfWrongShape() {
        MultiHeadAttention cross = layer(PositionEncoding.NONE, false, 1);
        INDArray x = Nd4j.zeros(DataType.DOUBLE, 2, 5, D);
        INDArray mem = Nd4j.zeros(DataType.DOUBLE, 2, 4, D);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cross.forward(x, mem, Nd4j.ones(DataType.DOUBLE, 2, 5), false));
        assertTrue(e.getMessage().contains("keyPadding must have shape [2, 4], got [2, 5]"), e.getMessage());
    }

    @Test
    void backwardBeforeForwardIsAnError() {
        MultiHeadAttention m = layer(PositionEncoding.NONE, true, 1);
        assertThrows(IllegalStateException.class, () -> m.backward(Nd4j.zeros(DataType.DOUBLE, 1, 1, D)));
    }
}
