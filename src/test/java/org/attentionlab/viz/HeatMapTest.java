package org.attentionlab.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class HeatMapTest {
    @Test
    void matrixPicksExampleAndHead() {
        // [B=2, H=3, Tq=2, Tk=2] filled 0..23: example 1, head 2 starts at (1*3 + 2) * 4 = 20.
        INDArray w = Nd4j.arange(24).castTo(DataType.DOUBLE).reshape(2, 3, 2, 2);
        assertArrayEquals(new double[][] {{20, 21}, {22, 23}}, AttentionMaps.matrix(w, 1, 2));
        assertArrayEquals(new double[][] {{4, 5}, {6, 7}}, AttentionMaps.matrix(w.slice(0), 99, 1));
    }

    @Test
    void headIndexOutOfRangeNamesShape() {
        INDArray w = Nd4j.zeros(DataType.FLOAT, 1, 4, 3, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AttentionMaps.matrix(w, 0, 4));
        assertTrue(e.getMessage().contains("head index 4") && e.getMessage().contains("[1, 4, 3, 3]"), e.getMessage());
    }

    @Test
    void paddedPositionsAreCroppedToTokens() {
        double[][] w = {{0.5, 0.5, 0}, {0.2, 0.8, 0}, {0, 0, 1}};
        double[][] c = AttentionMaps.crop(w, List.of("a", "b"), List.of("x", "y"));
        assertArrayEquals(new double[][] {{0.5, 0.5}, {0.2, 0.8}}, c);
    }

    @Test
    void moreTokensThanWeightsIsAnError() {
        double[][] w = {{1, 0}, {0, 1}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AttentionMaps.head("t", w, List.of("a", "b", "c"), List.of("x", "y")));
        assertTrue(e.getMessage().contains("3 query"), e.getMessage());
    }

    @Test
    void raggedMatrixNamesTheRow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HeatMap("t", new double[][] {{1, 2}, {3}}, null, null, null, null, null));
        assertTrue(e.getMessage().contains("row 1 has 1"), e.getMessage());
    }

    @Test
    void gridRejectsHeadsOfDifferentShape() {
        double[][][][] w = Gallery.Demo.attention(2, 2, 3, 3, 1);
        w[1][1] = new double[][] {{1, 0}, {0, 1}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AttentionGrid("g", w, null, null));
        assertTrue(e.getMessage().contains("weights[1][1] is 2x2, expected 3x3"), e.getMessage());
    }

    @Test
    void exampleStacksTheGridsGiven() {
        INDArray enc = Nd4j.rand(DataType.FLOAT, 1, 2, 3, 3);
        INDArray cross = Nd4j.rand(DataType.FLOAT, 1, 2, 4, 3);
        Stack s = AttentionMaps.example(List.of(enc, enc), null, List.of(cross, cross), 0,
                List.of("a", "b", "c"), List.of("w", "x", "y", "z"));
        assertEquals(2, s.parts().size());
        assertEquals(s.parts().get(0).height() + s.parts().get(1).height() + 16, s.height());
    }

    @Test
    void colourScalesAreLightAtZeroAndGreyForNaN() {
        ColorScale seq = ColorScale.sequential(0, 1);
        assertEquals(Color.WHITE, seq.color(0));
        assertTrue(brightness(seq.color(1)) < brightness(seq.color(0.5)));
        ColorScale div = ColorScale.diverging(2);
        assertEquals(Color.WHITE, div.color(0));
        assertTrue(div.color(2).getRed() > div.color(2).getBlue(), "positive is red");
        assertTrue(div.color(-2).getBlue() > div.color(-2).getRed(), "negative is blue");
        assertEquals(ColorScale.NAN, seq.color(Double.NaN));
    }

    @Test
    void labelStrideIsRound() {
        assertEquals(1, Paint.stride(20, 13));
        assertEquals(5, Paint.stride(3, 13));
        assertEquals(10, Paint.stride(2, 13));
    }

    /** Tokens "tok0", "Katzen3", ...: a few long ones, as real sentences have. */
    private static List<String> tokens(int n) {
        List<String> t = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            t.add(i % 3 == 0 ? "Katzenklappe" + i : "tok" + i);
        }
        return t;
    }

    @Test
    void gridOfThreeLayersEightHeadsTwentyTokensFitsANotebook() {
        for (int[] shape : new int[][] {{3, 8, 20}, {2, 4, 8}, {2, 8, 12}, {3, 4, 20}}) {
            List<String> t = tokens(shape[2]);
            AttentionGrid g = new AttentionGrid("Decoder self-attention",
                    Gallery.Demo.attention(shape[0], shape[1], shape[2], shape[2], 3), t, t);
            String what = java.util.Arrays.toString(shape) + ": " + g.width() + " px wide, cell " + g.cell();
            assertTrue(g.width() <= Style.NOTEBOOK_WIDTH, what);
            assertTrue(g.width() >= 0.6 * Style.NOTEBOOK_WIDTH || shape[1] * shape[2] < 60, what + " wastes the width");
            assertTrue(g.showTokens(), what + " has no token labels");
            // labels never overlap: a label's line height fits in the rows it stands for
            assertTrue(g.labelStride() * g.cell() >= Paint.textHeight(Style.TOKEN), what + " stride " + g.labelStride());
            assertTrue(g.labelStride() <= 5, what + ": only every " + g.labelStride() + "th token labelled");
        }
        assertTrue(Style.TOKEN.getSize() >= 11, "token labels below 11 pt");
    }

    @Test
    void singleHeadLabelsEveryTokenAndFitsANotebook() {
        for (int n : new int[] {8, 20, 40}) {
            HeatMap m = AttentionMaps.head("head", Gallery.Demo.attention(1, 1, n, n, 1)[0][0], tokens(n), tokens(n));
            double[] cell = m.cellSize();
            assertTrue(m.width() <= Style.NOTEBOOK_WIDTH, n + " tokens: " + m.width() + " px");
            assertEquals(cell[0], cell[1], 1e-9, "square cells");
            if (n <= 20) {
                assertEquals(1, Paint.stride(cell[1], Paint.textHeight(Style.TOKEN)), n + " tokens: every label shown");
            }
        }
        HeatMap pe = PositionPlots.encoding("pe", PositionPlots.sinusoidal(50, 512));
        assertTrue(pe.width() <= Style.NOTEBOOK_WIDTH, "50x512 encoding: " + pe.width() + " px");
    }

    private static int brightness(Color c) {
        return c.getRed() + c.getGreen() + c.getBlue();
    }
}
