package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

class PositionEncodingTest {
    private final Init init = new Init(11, DataType.DOUBLE);

    private static TransformerConfig config(PositionEncoding p) {
        return TransformerConfig.builder().dModel(8).heads(2).maxLen(10).position(p).build();
    }

    @Test
    void sinusoidalTableFollowsThePapersFormula() {
        int d = 6;
        INDArray table = new SinusoidalPositionEncoding(50, d, DataType.DOUBLE).table(50);
        assertArrayEquals(new long[] {50, d}, table.shape());
        for (int pos : new int[] {0, 1, 7, 49}) {
            for (int i = 0; i < d / 2; i++) {
                double angle = pos / Math.pow(10000, 2.0 * i / d);
                assertEquals(Math.sin(angle), table.getDouble(pos, 2 * i), 1e-12, "sin at " + pos + "," + i);
                assertEquals(Math.cos(angle), table.getDouble(pos, 2 * i + 1), 1e-12, "cos at " + pos + "," + i);
            }
        }
        assertEquals(0, table.getDouble(0, 0), 0);
        assertEquals(1, table.getDouble(0, 1), 0);
    }

    @Test
    void sinusoidalTableBeyondMaxLenIsComputedAfresh() {
        SinusoidalPositionEncoding pe = new SinusoidalPositionEncoding(4, 4, DataType.DOUBLE);
        INDArray longer = pe.table(9);
        assertEquals(Math.sin(8), longer.getDouble(8, 0), 1e-12);
        assertEquals(pe.table(4), longer.get(NDArrayIndex.interval(0, 4), NDArrayIndex.all()));
    }

    @Test
    void forwardAddsTheRowsForEachPositionAndOffset() {
        AbsolutePositionEncoding pe = AbsolutePositionEncoding.create(config(PositionEncoding.SINUSOIDAL), init);
        INDArray x = init.normal(1, 2, 3, 8);
        INDArray table = pe.table(10);
        INDArray y = pe.forward(x);
        INDArray z = pe.forward(x, 4);
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 3; t++) {
                for (int k = 0; k < 8; k++) {
                    assertEquals(x.getDouble(b, t, k) + table.getDouble(t, k), y.getDouble(b, t, k), 1e-12);
                    assertEquals(x.getDouble(b, t, k) + table.getDouble(t + 4, k), z.getDouble(b, t, k), 1e-12);
                }
            }
        }
    }

    @Test
    void sinusoidalInputGradientMatchesCentralDifferences() {
        AbsolutePositionEncoding pe = AbsolutePositionEncoding.create(config(PositionEncoding.SINUSOIDAL), init);
        INDArray x = init.normal(1, 2, 5, 8);
        GradientCheck.of(() -> pe.forward(x, 2))
                .backward(dy -> List.of(pe.backward(dy)))
                .input("x", x)
                .verify();
        assertTrue(pe.parameters().isEmpty());
    }

    @Test
    void learnedGradientsMatchCentralDifferences() {
        AbsolutePositionEncoding pe = AbsolutePositionEncoding.create(config(PositionEncoding.LEARNED), init);
        assertInstanceOf(LearnedPositionEncoding.class, pe);
        assertEquals(List.of("weight"), List.copyOf(pe.namedParameters().keySet()));
        INDArray x = init.normal(1, 3, 4, 8);
        GradientCheck.of(() -> pe.forward(x, 5))
                .backward(dy -> List.of(pe.backward(dy)))
                .input("x", x)
                .parameters(pe)
                .samples(80) // the table has 80 entries: check all, including the rows not used (gradient 0)
                .verify();
    }

    @Test
    void learnedTableRowsOutsideTheSequenceGetNoGradient() {
        LearnedPositionEncoding pe = new LearnedPositionEncoding(6, 2, init);
        pe.forward(init.normal(1, 2, 3, 2), 1);
        pe.backward(init.ones(2, 3, 2));
        INDArray g = pe.weight().grad();
        assertEquals(0, g.getDouble(0, 0), 0);
        assertEquals(2, g.getDouble(1, 0), 0); // summed over the batch of 2
        assertEquals(2, g.getDouble(3, 1), 0);
        assertEquals(0, g.getDouble(4, 0), 0);
    }

    @Test
    void positionsInsideAttentionGiveTheIdentity() {
        for (PositionEncoding p : new PositionEncoding[] {PositionEncoding.RELATIVE, PositionEncoding.ALIBI,
                PositionEncoding.ROPE, PositionEncoding.NONE}) {
            AbsolutePositionEncoding pe = AbsolutePositionEncoding.create(config(p), init);
            INDArray x = init.normal(1, 1, 3, 8);
            assertSame(x, pe.forward(x));
            assertSame(x, pe.backward(x));
            assertEquals(0, pe.table(5).sumNumber().doubleValue(), 0);
            assertEquals(DataType.DOUBLE, pe.table(5).dataType());
            assertTrue(pe.parameters().isEmpty());
        }
    }

    @Test
    void sequenceLongerThanMaxLenIsRejected() {
        for (PositionEncoding p : new PositionEncoding[] {PositionEncoding.SINUSOIDAL, PositionEncoding.LEARNED}) {
            AbsolutePositionEncoding pe = AbsolutePositionEncoding.create(config(p), init);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> pe.forward(init.zeros(1, 11, 8)));
            assertTrue(e.getMessage().contains("T=11") && e.getMessage().contains("max_len=10"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> pe.forward(init.zeros(1, 3, 8), 8));
            assertTrue(e.getMessage().contains("offset 8") && e.getMessage().contains("max_len=10"), e.getMessage());
        }
    }

    @Test
    void wrongFeatureSizeIsRejected() {
        AbsolutePositionEncoding pe = AbsolutePositionEncoding.create(config(PositionEncoding.SINUSOIDAL), init);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pe.forward(init.zeros(2, 3, 7)));
        assertTrue(e.getMessage().contains("last dimension 8") && e.getMessage().contains("[2, 3, 7]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> pe.forward(init.zeros(3, 8)));
        assertTrue(e.getMessage().contains("rank 3"), e.getMessage());
    }

    @Test
    void float32ModelsGetAFloat32Table() {
        AbsolutePositionEncoding pe = AbsolutePositionEncoding.create(config(PositionEncoding.SINUSOIDAL),
                new Init(1, DataType.FLOAT));
        INDArray y = pe.forward(new Init(2, DataType.FLOAT).zeros(1, 2, 8));
        assertEquals(DataType.FLOAT, y.dataType());
        assertEquals(Math.cos(1.0), y.getDouble(0, 1, 1), 1e-6);
    }
}
