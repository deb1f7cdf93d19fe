package org.attentionlab.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.attentionlab.data.EncodedPair;
import org.attentionlab.nn.Init;
import org.attentionlab.nn.Transformer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class LengthStrategiesTest {
    static final int BOS = DecodingTest.BOS;
    static final int END = DecodingTest.END;
    static final int[][] SRC = DecodingTest.SRC;

    static Transformer model() {
        return new Transformer(DecodingTest.base().lengthClasses(12).build(), new Init(3, DataType.DOUBLE));
    }

    @Test
    void givenLengthsAreEmittedExactlyAndEndNever() {
        Transformer m = model();
        int[] lengths = {7, 0, 13};
        int[][] out = new PredictedLengthDecoder(BOS, END).decode(m, SRC, m.keepMask(SRC, 0), lengths);
        for (int b = 0; b < SRC.length; b++) {
            assertEquals(lengths[b], out[b].length, "sentence " + b);
            for (int token : out[b]) {
                assertTrue(token != END, "END is masked out, sentence " + b);
            }
        }
    }

    @Test
    void greedyLengthsReproduceGreedyTokens() {
        // Masking END changes the arg-max only where END was the arg-max, that is where greedy stops:
        // told greedy's own lengths, the predicted-length decoder must write greedy's tokens.
        Transformer m = model();
        INDArray keep = m.keepMask(SRC, 0);
        int[][] greedy = new GreedyDecoder(BOS, END, true).decode(m, SRC, keep, new int[] {20, 20, 20});
        int[] lengths = new int[SRC.length];
        for (int b = 0; b < SRC.length; b++) {
            lengths[b] = greedy[b].length;
        }
        int[][] out = new PredictedLengthDecoder(BOS, END).decode(m, SRC, keep, lengths);
        for (int b = 0; b < SRC.length; b++) {
            assertArrayEquals(greedy[b], out[b], "sentence " + b);
        }
    }

    @Test
    void lengthHeadDecidesTheLength() {
        Transformer m = model();
        // A head that is sure of length 5 for every source.
        m.lengthHead().linear().weight().value().assign(0);
        m.lengthHead().linear().bias().value().assign(0).putScalar(5, 50);
        INDArray keep = m.keepMask(SRC, 0);
        assertArrayEquals(new int[] {5, 5, 5}, PredictedLengthDecoder.predictLengths(m, SRC, keep));
        int[][] out = LengthStrategy.lengthHead(BOS, END).decode(m, SRC, keep);
        for (int[] row : out) {
            assertEquals(5, row.length);
        }
    }

    @Test
    void givenLengthStrategySeesUnpaddedSources() {
        Transformer m = model();
        List<Integer> seen = new ArrayList<>();
        LengthStrategy s = LengthStrategy.givenLengths("source length", src -> {
            seen.add(src.length);
            return src.length;
        }, BOS, END);
        int[][] out = s.decode(m, SRC, m.keepMask(SRC, 0));
        assertEquals(List.of(6, 3, 4), seen);
        assertEquals(6, out[0].length);
        assertEquals(3, out[1].length);
        assertEquals(4, out[2].length);
    }

    @Test
    void capTooSmallShowsAsOutputsTooShort() {
        Transformer m = model();
        List<EncodedPair> pairs = new ArrayList<>();
        for (int[] row : SRC) {
            int n = LengthStrategy.realLength(SRC, m.keepMask(SRC, 0), pairs.size());
            int[] src = java.util.Arrays.copyOf(row, n);
            pairs.add(new EncodedPair(src, src));  // a copy task: targets 6, 3 and 4 long
        }
        LengthReport tight = LengthReport.evaluate(LengthStrategy.endToken(LengthCap.fixed(2), BOS, END), m, pairs, 2);
        assertEquals(1.0, tight.tooShort(), 0, "a cap of 2 truncates every target of 3 or more");
        assertEquals(0.0, tight.exactLength(), 0);
        assertEquals(0.0, tight.sequenceAccuracy(), 0);
        LengthReport oracle = LengthReport.evaluate(
                LengthStrategy.givenLengths("oracle", src -> src.length, BOS, END), m, pairs, 2);
        assertEquals(1.0, oracle.exactLength(), 0);
        assertEquals(0.0, oracle.meanAbsLengthError(), 0);
        assertTrue(tight.toRow().startsWith("| END + cap 0.0*n+2 |"), tight.toRow());
    }

    @Test
    void reportCountsLengthsAndExactMatches() {
        List<EncodedPair> pairs = List.of(new EncodedPair(new int[] {4}, new int[] {5, 6, 7}),
                new EncodedPair(new int[] {4}, new int[] {5, 6}),
                new EncodedPair(new int[] {4}, new int[] {8}),
                new EncodedPair(new int[] {4}, new int[] {9, 9}));
        int[][] outputs = {{5, 6, 7}, {5, 6, 6, 6}, {}, {9, 8}};
        LengthReport r = LengthReport.score("x", pairs, outputs, 0);
        assertEquals(0.5, r.exactLength(), 1e-12);
        assertEquals((0 + 2 + 1 + 0) / 4.0, r.meanAbsLengthError(), 1e-12);
        assertEquals(0.25, r.tooShort(), 1e-12);
        assertEquals(0.25, r.tooLong(), 1e-12);
        assertEquals(0.25, r.sequenceAccuracy(), 1e-12);
    }

    @Test
    void badLengthsAreNamed() {
        Transformer m = model();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PredictedLengthDecoder(BOS, END).decode(m, SRC, null, new int[] {1, -2, 3}));
        assertTrue(e.getMessage().contains("lengths[1]") && e.getMessage().contains("-2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new PredictedLengthDecoder(BOS, END).decode(m, SRC, null, new int[] {1}));
        assertTrue(e.getMessage().contains("3 sources"), e.getMessage());
        Transformer plain = new Transformer(DecodingTest.base().build(), new Init(3, DataType.DOUBLE));
        assertThrows(IllegalStateException.class, () -> new PredictedLengthDecoder(BOS, END).decode(plain, SRC, null));
    }
}
