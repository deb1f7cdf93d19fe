package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class KeyValueCacheTest {
    private static final int D = 8;

    private static INDArray position(INDArray x, long t) {
        return x.get(NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1), NDArrayIndex.all());
    }

    @ParameterizedTest
    @EnumSource(PositionEncoding.class)
    void stepsMatchCausalFullForward(PositionEncoding scheme) {
        MultiHeadAttention m = MultiHeadAttentionTest.layer(scheme, true, 8);
        m.train(false);
        int t = 20; // beyond the cache's first capacity (16), so growth is exercised
        INDArray x = new Init(9, DataType.DOUBLE).normal(1, 3, t, D);
        INDArray full = m.forward(x, null, null, true).dup();
        KeyValueCache cache = m.newCache(null, null);
        for (int i = 0; i < t; i++) {
            assertEquals(i, cache.position());
            INDArray y = m.step(position(x, i).dup(), cache);
            assertArrayEquals(new long[] {3, 1, D}, y.shape());
            double diff = y.sub(position(full, i)).amaxNumber().doubleValue();
            assertEquals(0.0, diff, 1e-10, scheme + " position " + i);
        }
        assertArrayEquals(new long[] {3, 2, 1, t}, m.lastAttentionWeights().shape());
    }

    /** The float32 step ({@code AttentionStepFloat}) against the float32 full forward. */
    @ParameterizedTest
    @EnumSource(PositionEncoding.class)
    void float32StepsMatchCausalFullForward(PositionEncoding scheme) {
        MultiHeadAttention m = new MultiHeadAttention(MultiHeadAttentionTest.config(scheme), true,
                new Init(8, DataType.FLOAT));
        m.inProjBias().value().assign(new Init(8, DataType.FLOAT).normal(0.1, 3 * D));
        m.train(false);
        int t = 20;
        INDArray x = new Init(9, DataType.FLOAT).normal(1, 3, t, D);
        INDArray mask = Nd4j.ones(DataType.FLOAT, 3, t);
        mask.putScalar(new long[] {1, 0}, 0);                       // a padded first key in sequence 1
        INDArray full = m.forward(x, null, mask, true).dup();
        KeyValueCache cache = m.newCache(null, mask);
        for (int i = 0; i < t; i++) {
            INDArray y = m.step(position(x, i).dup(), cache);
            assertEquals(DataType.FLOAT, y.dataType());
            INDArray want = position(full, i);
            if (i == 0) {   // sequence 1's first query sees only a padded key: compare the others
                y = y.get(NDArrayIndex.interval(0, 3, 2), NDArrayIndex.all(), NDArrayIndex.all());
                want = want.get(NDArrayIndex.interval(0, 3, 2), NDArrayIndex.all(), NDArrayIndex.all());
            }
            assertEquals(0.0, y.sub(want).amaxNumber().doubleValue(), 2e-5, scheme + " position " + i);
        }
    }

    /**
     * release() frees the buffers the cache owns (they are closed, so their memory is back now, not
     * at a later collection), leaves the caller's key-padding mask alone, and refuses later steps.
     */
    @Test
    void releaseClosesOwnedBuffersAndRefusesLaterSteps() {
        MultiHeadAttention self = MultiHeadAttentionTest.layer(PositionEncoding.SINUSOIDAL, true, 8);
        self.train(false);
        INDArray x = new Init(9, DataType.DOUBLE).normal(1, 2, 3, D);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, 2, 3);
        KeyValueCache cache = self.newCache(null, mask);
        for (int i = 0; i < 3; i++) {
            self.step(position(x, i).dup(), cache);
        }
        INDArray keys = cache.keyBuffer();
        INDArray values = cache.valueBuffer();
        cache.release();
        assertTrue(keys.wasClosed(), "self-attention keys closed");
        assertTrue(values.wasClosed(), "self-attention values closed");
        assertEquals(1.0, mask.sumNumber().doubleValue() / 6, 0.0, "the caller's mask is untouched");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> self.step(position(x, 0).dup(), cache));
        assertTrue(e.getMessage().contains("released"), e.getMessage());

        MultiHeadAttention cross = MultiHeadAttentionTest.layer(PositionEncoding.SINUSOIDAL, false, 8);
        cross.train(false);
        INDArray memory = new Init(10, DataType.DOUBLE).normal(1, 2, 5, D);
        KeyValueCache crossCache = cross.newCache(memory, null);
        INDArray y = cross.step(position(x, 0).dup(), crossCache).dup();
        assertEquals(2, y.size(0));
        INDArray crossKeys = crossCache.keyBuffer();
        crossCache.release();
        assertTrue(crossKeys.wasClosed(), "cross-attention keys (a view of the projected pair) freed with it");
        assertTrue(memory.closeable() && !memory.wasClosed(), "the memory is the caller's and stays open");
    }

    @Test
    void selfCacheHonoursKeyPadding() {
        MultiHeadAttention m = MultiHeadAttentionTest.layer(PositionEncoding.ROPE, true, 8);
        INDArray x = new Init(9, DataType.DOUBLE).normal(1, 2, 4, D);
        INDArray mask = Nd4j.create(new double[] {0, 1, 1, 1, 1, 1, 1, 1}, new long[] {2, 4}, DataType.DOUBLE);
        INDArray full = m.forward(x, null, mask, true).dup();
        KeyValueCache cache = m.newCache(null, mask);
        for (int i = 1; i < 4; i++) { // row 0 of batch 0 is fully masked: compare from position 1
            if (i == 1) {
                m.step(position(x, 0).dup(), cache);
            }
            INDArray y = m.step(position(x, i).dup(), cache);
            assertEquals(0.0, y.sub(position(full, i)).amaxNumber().doubleValue(), 1e-10, "position " + i);
        }
    }

    @Test
    void float32CrossStepsMatchFullForward() {
        MultiHeadAttention m = new MultiHeadAttention(MultiHeadAttentionTest.config(PositionEncoding.NONE), false,
                new Init(8, DataType.FLOAT));
        Init data = new Init(10, DataType.FLOAT);
        INDArray x = data.normal(1, 2, 4, D);
        INDArray mem = data.normal(1, 2, 6, D);
        INDArray mask = Nd4j.create(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0}, new long[] {2, 6}, DataType.FLOAT);
        m.train(false);
        INDArray full = m.forward(x, mem, mask, false).dup();
        KeyValueCache cache = m.newCache(mem, mask);
        for (int i = 0; i < 4; i++) {
            INDArray y = m.step(position(x, i).dup(), cache);
            assertEquals(0.0, y.sub(position(full, i)).amaxNumber().doubleValue(), 2e-5, "position " + i);
        }
    }

    @Test
    void crossStepsMatchFullForward() {
        MultiHeadAttention m = MultiHeadAttentionTest.layer(PositionEncoding.RELATIVE, false, 8);
        Init data = new Init(10, DataType.DOUBLE);
        INDArray x = data.normal(1, 2, 4, D);
        INDArray mem = data.normal(1, 2, 6, D);
        INDArray mask = Nd4j.create(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0}, new long[] {2, 6}, DataType.DOUBLE);
        INDArray full = m.forward(x, mem, mask, false).dup();
        KeyValueCache cache = m.newCache(mem, mask);
        assertEquals(6, cache.length());
        for (int i = 0; i < 4; i++) {
            INDArray y = m.step(position(x, i).dup(), cache);
            assertEquals(0.0, y.sub(position(full, i)).amaxNumber().doubleValue(), 1e-10, "position " + i);
        }
        assertEquals(6, cache.length());
    }

    /** float64 (the reference) and float32 (AttentionStepFloat reading the reordered buffers). */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void reorderFollowsChosenRows(DataType type) {
        MultiHeadAttention m = new MultiHeadAttention(MultiHeadAttentionTest.config(PositionEncoding.ALIBI), true,
                new Init(8, type));
        INDArray x = new Init(9, type).normal(1, 2, 3, D);
        KeyValueCache a = m.newCache(null, null);
        m.step(position(x, 0).dup(), a);
        m.step(position(x, 1).dup(), a);
        a.reorder(1, 1);
        INDArray next = position(x, 2).dup();
        next.get(NDArrayIndex.point(0)).assign(next.get(NDArrayIndex.point(1)));
        INDArray y = m.step(next, a);
        // Both rows now hold batch row 1's history and the same input: identical outputs.
        assertEquals(y.get(NDArrayIndex.point(0)), y.get(NDArrayIndex.point(1)));
        INDArray expected = m.forward(x.get(NDArrayIndex.interval(1, 2)).dup(), null, null, true);
        assertEquals(0.0, y.get(NDArrayIndex.point(1)).sub(expected.get(NDArrayIndex.point(0),
                NDArrayIndex.interval(2, 3))).amaxNumber().doubleValue(), type == DataType.FLOAT ? 2e-5 : 1e-10);
    }

    @Test
    void rejectsForeignCacheWrongWidthAndLongInput() {
        MultiHeadAttention m = MultiHeadAttentionTest.layer(PositionEncoding.NONE, true, 8);
        MultiHeadAttention other = MultiHeadAttentionTest.layer(PositionEncoding.NONE, true, 8);
        KeyValueCache cache = m.newCache(null, null);
        INDArray x = Nd4j.zeros(DataType.DOUBLE, 2, 1, D);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.step(x, cache));
        assertTrue(e.getMessage().contains("this layer's newCache"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.step(Nd4j.zeros(DataType.DOUBLE, 2, 2, D), cache));
        assertTrue(e.getMessage().contains("[2, 2, 8]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.step(Nd4j.zeros(DataType.DOUBLE, 2, 1, 4), cache));
        assertTrue(e.getMessage().contains("last dimension 8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.newCache(x, null));
        assertTrue(e.getMessage().contains("memory must be null"), e.getMessage());
        MultiHeadAttention cross = MultiHeadAttentionTest.layer(PositionEncoding.NONE, false, 8);
        e = assertThrows(IllegalArgumentException.class, () -> cross.newCache(null, null));
        assertTrue(e.getMessage().contains("memory is required"), e.getMessage());
        KeyValueCache crossCache = cross.newCache(Nd4j.zeros(DataType.DOUBLE, 3, 4, D), null);
        e = assertThrows(IllegalArgumentException.class, () -> cross.step(x, crossCache));
        assertTrue(e.getMessage().contains("batch size 2") && e.getMessage().contains("3"), e.getMessage());
    }
}
