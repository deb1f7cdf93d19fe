package org.attentionlab.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.attentionlab.nn.Init;
import org.attentionlab.nn.Transformer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class SamplerTest {
    static final int BOS = DecodingTest.BOS;
    static final int END = DecodingTest.END;
    static final int[][] SRC = DecodingTest.SRC;
    static final int[] CAPS = {15, 15, 15};

    static Transformer model() {
        return new Transformer(DecodingTest.base().build(), new Init(3, DataType.DOUBLE));
    }

    @Test
    void topOneIsGreedy() {
        Transformer m = model();
        INDArray keep = m.keepMask(SRC, 0);
        int[][] greedy = new GreedyDecoder(BOS, END, true).decode(m, SRC, keep, CAPS);
        for (long seed = 0; seed < 3; seed++) {
            int[][] sampled = new Sampler(1.5, 1, seed, BOS, END).decode(m, SRC, keep, CAPS);
            for (int b = 0; b < SRC.length; b++) {
                assertArrayEquals(greedy[b], sampled[b], "seed " + seed + ", sentence " + b);
            }
        }
    }

    @Test
    void vanishingTemperatureIsGreedy() {
        Transformer m = model();
        INDArray keep = m.keepMask(SRC, 0);
        int[][] greedy = new GreedyDecoder(BOS, END, true).decode(m, SRC, keep, CAPS);
        int[][] cold = new Sampler(1e-4, 0, 42, BOS, END).decode(m, SRC, keep, CAPS);
        for (int b = 0; b < SRC.length; b++) {
            assertArrayEquals(greedy[b], cold[b], "sentence " + b);
        }
        // And a hot sampler, same seed, does not (an untrained model's distribution is flat).
        int[][] hot = new Sampler(2, 0, 42, BOS, END).decode(m, SRC, keep, CAPS);
        assertFalse(Arrays.deepEquals(greedy, hot), "temperature 2 should leave greedy's path somewhere");
    }

    @Test
    void sameSeedSameOutputsOtherSeedOtherOutputs() {
        Transformer m = model();
        INDArray keep = m.keepMask(SRC, 0);
        int[][] a = new Sampler(1, 0, 7, BOS, END).decode(m, SRC, keep, CAPS);
        int[][] b = new Sampler(1, 0, 7, BOS, END).decode(m, SRC, keep, CAPS);
        int[][] c = new Sampler(1, 0, 8, BOS, END).decode(m, SRC, keep, CAPS);
        assertTrue(Arrays.deepEquals(a, b));
        assertFalse(Arrays.deepEquals(a, c));
        for (int[] row : a) {
            assertTrue(row.length <= 15);
            assertTrue(Arrays.stream(row).noneMatch(t -> t == END));
        }
    }

    @Test
    void drawsFollowTheTemperedTopKDistribution() {
        // Logits ln 4, ln 2, ln 1, ln 1: at temperature 1 probabilities 4/8, 2/8, 1/8, 1/8.
        double[] z = {Math.log(4), Math.log(2), 0, 0};
        int n = 40_000;
        int[] all = counts(new Sampler(1, 0, 1, BOS, END), z, n);
        assertEquals(0.5, all[0] / (double) n, 0.01);
        assertEquals(0.25, all[1] / (double) n, 0.01);
        assertEquals(0.125, all[2] / (double) n, 0.01);
        // Top-2 renormalises over the two best: 2/3 and 1/3, the tail never drawn.
        int[] top2 = counts(new Sampler(1, 2, 1, BOS, END), z, n);
        assertEquals(2 / 3.0, top2[0] / (double) n, 0.01);
        assertEquals(0, top2[2] + top2[3]);
        // Temperature 2 takes the square root of the odds: 2 : 1.41 : 1 : 1.
        int[] warm = counts(new Sampler(2, 0, 1, BOS, END), z, n);
        double total = 2 + Math.sqrt(2) + 2;
        assertEquals(2 / total, warm[0] / (double) n, 0.01);
    }

    private static int[] counts(Sampler s, double[] z, int n) {
        SplittableRandom r = new SplittableRandom(99);
        int[] c = new int[z.length];
        for (int i = 0; i < n; i++) {
            c[s.draw(z, r)]++;
        }
        return c;
    }

    @Test
    void badSettingsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Sampler(0, 0, 1, BOS, END));
        assertTrue(e.getMessage().contains("temperature"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Sampler(1, -1, 1, BOS, END));
        assertTrue(e.getMessage().contains("top-k") && e.getMessage().contains("-1"), e.getMessage());
    }
}
