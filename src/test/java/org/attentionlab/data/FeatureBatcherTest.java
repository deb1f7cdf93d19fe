package org.attentionlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class FeatureBatcherTest {
    static FeaturePair pair(int frames, int width, int[] target, float base) {
        float[][] f = new float[frames][width];
        for (int t = 0; t < frames; t++) {
            for (int k = 0; k < width; k++) {
                f[t][k] = base + 10 * t + k;
            }
        }
        return new FeaturePair(f, target);
    }

    static List<FeaturePair> random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<FeaturePair> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(pair(r.nextInt(1, 30), 3, r.ints(r.nextInt(1, 8), 4, 20).toArray(), i));
        }
        return out;
    }

    @Test
    void collatePadsFramesWithZerosAndFramesTheTargetWithBosAndEnd() {
        List<FeaturePair> pairs = List.of(pair(3, 2, new int[] {8, 9}, 100), pair(1, 2, new int[] {11, 12, 13}, 200));
        FeatureBatch b = FeatureBatcher.collate(pairs, new int[] {0, 1});
        INDArray x = b.features();
        assertEquals(DataType.FLOAT, x.dataType());
        assertArrayEquals(new long[] {2, 3, 2}, x.shape());
        assertEquals(111f, x.getFloat(0, 1, 1), 0f);   // base 100 + 10 * frame 1 + feature 1
        assertEquals(200f, x.getFloat(1, 0, 0), 0f);
        assertEquals(0f, x.getFloat(1, 2, 1), 0f, "padded frames are zero");
        assertArrayEquals(new float[][] {{1, 1, 1}, {1, 0, 0}}, b.srcMask());
        assertArrayEquals(new int[] {3, 1}, b.frames());
        assertArrayEquals(new int[][] {{1, 8, 9, 0}, {1, 11, 12, 13}}, b.tgtIn());
        assertArrayEquals(new int[][] {{8, 9, 2, 0}, {11, 12, 13, 2}}, b.tgtOut());
        assertArrayEquals(new float[][] {{1, 1, 1, 0}, {1, 1, 1, 1}}, b.tgtMask());
        assertEquals(7, b.targetTokens());
        assertEquals(3, b.srcLength());
        assertEquals(4, b.tgtLength());
        assertEquals(2, b.size());
        assertEquals(b.srcKeyPadding().getDouble(1, 1), 0.0, 0.0);
    }

    @Test
    void shuffledCoversEveryPairOnceBucketedAndFollowsTheSeed() {
        List<FeaturePair> pairs = random(100, 3);
        List<FeatureBatch> a = FeatureBatcher.shuffled(pairs, 8, 42);
        List<FeatureBatch> again = FeatureBatcher.shuffled(pairs, 8, 42);
        List<FeatureBatch> other = FeatureBatcher.shuffled(pairs, 8, 43);
        int[] seen = new int[pairs.size()];
        int padded = 0;
        int real = 0;
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).indices(), again.get(i).indices(), "same seed, same batches");
            for (int j : a.get(i).indices()) {
                seen[j]++;
            }
            padded += a.get(i).size() * a.get(i).srcLength();
            real += Arrays.stream(a.get(i).frames()).sum();
        }
        assertTrue(Arrays.stream(seen).allMatch(c -> c == 1), "every pair exactly once");
        assertTrue(real > 0.8 * padded, "bucketing by frames keeps padding low: " + real + " real of " + padded);
        boolean differs = false;
        for (int i = 0; i < a.size(); i++) {
            differs |= !Arrays.equals(a.get(i).indices(), other.get(i).indices());
        }
        assertTrue(differs, "another seed, another order");
        List<FeatureBatch> capped = FeatureBatcher.shuffledByPositions(pairs, 60, 1);
        for (FeatureBatch b : capped) {
            assertTrue(b.size() == 1 || b.size() * Math.max(b.srcLength(), b.tgtLength()) <= 60);
        }
        List<FeatureBatch> ordered = FeatureBatcher.inOrder(pairs, 30);
        assertEquals(4, ordered.size());
        assertArrayEquals(new int[] {30, 31, 32}, Arrays.copyOf(ordered.get(1).indices(), 3));
    }

    @Test
    void badFeaturesAreNamedWhereTheyAre() {
        IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
                () -> new FeaturePair(new float[][] {{1, 2}, {3}}, new int[] {4}));
        assertTrue(ragged.getMessage().contains("frame 1") && ragged.getMessage().contains("1 features"),
                ragged.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> new FeaturePair(new float[][] {{1, 2}, {3, Float.NaN}}, new int[] {4}));
        assertTrue(nan.getMessage().contains("feature 1 of frame 1") && nan.getMessage().contains("NaN"),
                nan.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> new FeaturePair(new float[0][], new int[] {4}));
        assertTrue(empty.getMessage().contains("at least one frame"), empty.getMessage());
        List<FeaturePair> mixed = List.of(pair(2, 3, new int[] {4}, 0), pair(2, 4, new int[] {4}, 0));
        IllegalArgumentException widths = assertThrows(IllegalArgumentException.class,
                () -> FeatureBatcher.shuffled(mixed, 4, 1));
        assertTrue(widths.getMessage().contains("pair 1") && widths.getMessage().contains("4 features"),
                widths.getMessage());
    }
}
