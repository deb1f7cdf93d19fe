package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TokenEmbeddingTest {
    private final Init init = new Init(3, DataType.DOUBLE);

    @Test
    void looksUpRowsScaledBySqrtDModel() {
        TokenEmbedding emb = new TokenEmbedding(5, 4, init);
        INDArray y = emb.forward(new int[][] {{3, 0}, {4, 3}});
        assertArrayEquals(new long[] {2, 2, 4}, y.shape());
        INDArray w = emb.weight().value();
        for (int k = 0; k < 4; k++) {
            assertEquals(2.0 * w.getDouble(3, k), y.getDouble(0, 0, k), 1e-12);
            assertEquals(2.0 * w.getDouble(0, k), y.getDouble(0, 1, k), 1e-12);
            assertEquals(2.0 * w.getDouble(4, k), y.getDouble(1, 0, k), 1e-12);
            assertEquals(2.0 * w.getDouble(3, k), y.getDouble(1, 1, k), 1e-12);
        }
    }

    @Test
    void scaledEmbeddingsHaveUnitVariance() {
        TokenEmbedding emb = new TokenEmbedding(2000, 64, new Init(5, DataType.FLOAT));
        int[][] ids = new int[1][2000];
        for (int i = 0; i < 2000; i++) {
            ids[0][i] = i;
        }
        double var = emb.forward(ids).varNumber().doubleValue();
        assertEquals(1.0, var, 0.05);
    }

    @Test
    void gradientsMatchCentralDifferencesWithRepeatedIds() {
        TokenEmbedding emb = new TokenEmbedding(6, 5, init);
        int[][] ids = {{1, 4, 1}, {0, 1, 4}}; // 1 three times, 4 twice, 2/3/5 never
        GradientCheck.of(() -> emb.forward(ids))
                .backward(dy -> {
                    emb.backward(dy);
                    return List.of();
                })
                .parameters(emb)
                .samples(30)
                .verify();
    }

    @Test
    void repeatedIdsAccumulateAndUnusedRowsGetNoGradient() {
        TokenEmbedding emb = new TokenEmbedding(4, 2, init);
        emb.forward(new int[][] {{2, 2, 2}});
        emb.backward(Nd4j.ones(DataType.DOUBLE, 1, 3, 2));
        INDArray g = emb.weight().grad();
        double scale = Math.sqrt(2);
        assertEquals(3 * scale, g.getDouble(2, 0), 1e-12);
        assertEquals(3 * scale, g.getDouble(2, 1), 1e-12);
        assertEquals(0, g.getRow(0).sumNumber().doubleValue() + g.getRow(1).sumNumber().doubleValue()
                + g.getRow(3).sumNumber().doubleValue(), 0);
        emb.backward(Nd4j.ones(DataType.DOUBLE, 1, 3, 2)); // adds, never overwrites
        assertEquals(6 * scale, g.getDouble(2, 0), 1e-12);
    }

    @Test
    void badTokenIdIsNamedWithItsPositionAndTheVocabulary() {
        TokenEmbedding emb = new TokenEmbedding(10, 4, init);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> emb.forward(new int[][] {{1, 2}, {3, 10}}));
        assertTrue(e.getMessage().contains("10") && e.getMessage().contains("[1][1]")
                && e.getMessage().contains("[0, 10)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> emb.forward(new int[][] {{-1}}));
        assertTrue(e.getMessage().contains("-1") && e.getMessage().contains("[0][0]"), e.getMessage());
    }

    @Test
    void raggedRowsAreRejectedNamingTheRow() {
        TokenEmbedding emb = new TokenEmbedding(10, 4, init);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> emb.forward(new int[][] {{1, 2}, {3, 4}, {5}}));
        assertTrue(e.getMessage().contains("row 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> emb.forward(new int[0][]));
    }

    @Test
    void gradientOfWrongShapeIsRejected() {
        TokenEmbedding emb = new TokenEmbedding(10, 4, init);
        emb.forward(new int[][] {{1, 2}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> emb.backward(Nd4j.zeros(DataType.DOUBLE, 1, 3, 4)));
        assertTrue(e.getMessage().contains("[1, 2, 4]") && e.getMessage().contains("[1, 3, 4]"), e.getMessage());
    }

    @Test
    void worksInFloat32() {
        TokenEmbedding emb = new TokenEmbedding(7, 3, new Init(1, DataType.FLOAT));
        INDArray y = emb.forward(new int[][] {{6}});
        assertEquals(DataType.FLOAT, y.dataType());
        assertEquals(Math.sqrt(3) * emb.weight().value().getDouble(6, 2), y.getDouble(0, 0, 2), 1e-6);
        emb.backward(Nd4j.ones(DataType.FLOAT, 1, 1, 3));
        assertEquals(Math.sqrt(3), emb.weight().grad().getDouble(6, 1), 1e-6);
    }
}
