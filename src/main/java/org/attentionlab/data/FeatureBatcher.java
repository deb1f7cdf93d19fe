package org.attentionlab.data;

import java.util.Arrays;
import java.util.List;

/**
 * Turns {@link FeaturePair}s into padded {@link FeatureBatch}es, with the bucketing and seeding of
 * {@link Batcher}: a source's length is its number of frames, so utterances of similar duration
 * share a batch and little of it is padding.
 */
public final class FeatureBatcher {
    private FeatureBatcher() {
    }

    /** Length-bucketed batches of at most {@code batchSize} pairs, in an order fixed by {@code seed}. */
    public static List<FeatureBatch> shuffled(List<FeaturePair> pairs, int batchSize, long seed) {
        Batcher.positive("batchSize", batchSize);
        requireOneWidth(pairs);
        return Batcher.bucketed(pairs, FeaturePair::frames, p -> p.target().length, FeatureBatcher::collate,
                batchSize, Integer.MAX_VALUE, seed);
    }

    /**
     * Length-bucketed batches holding at most {@code maxPositions} padded positions on the longer side
     * (B * max(frames, T + 1) &lt;= maxPositions; a single longer pair still makes a batch of one).
     */
    public static List<FeatureBatch> shuffledByPositions(List<FeaturePair> pairs, int maxPositions, long seed) {
        Batcher.positive("maxPositions", maxPositions);
        requireOneWidth(pairs);
        return Batcher.bucketed(pairs, FeaturePair::frames, p -> p.target().length, FeatureBatcher::collate,
                Integer.MAX_VALUE, maxPositions, seed);
    }

    /** Consecutive batches of at most {@code batchSize} pairs, in the given order. */
    public static List<FeatureBatch> inOrder(List<FeaturePair> pairs, int batchSize) {
        Batcher.positive("batchSize", batchSize);
        requireOneWidth(pairs);
        return Batcher.consecutive(pairs, batchSize, FeatureBatcher::collate);
    }

    /** Pads the pairs {@code indices} of {@code pairs} into one batch. */
    public static FeatureBatch collate(List<FeaturePair> pairs, int[] indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("a feature batch needs at least one pair");
        }
        int b = indices.length;
        int f = pairs.get(indices[0]).featureDim();
        int s = 0;
        int t = 0;
        for (int i : indices) {
            FeaturePair p = pairs.get(i);
            if (p.featureDim() != f) {
                throw new IllegalArgumentException("feature pairs " + indices[0] + " and " + i + " have feature widths "
                        + f + " and " + p.featureDim());
            }
            s = Math.max(s, p.frames());
            t = Math.max(t, p.target().length);
        }
        float[] values = new float[Math.multiplyExact(Math.multiplyExact(b, s), f)];
        int[][] tgtIn = new int[b][t + 1];
        int[][] tgtOut = new int[b][t + 1];
        float[][] srcMask = new float[b][s];
        float[][] tgtMask = new float[b][t + 1];
        for (int r = 0; r < b; r++) {
            FeaturePair p = pairs.get(indices[r]);
            float[][] x = p.features();
            for (int j = 0; j < x.length; j++) { // padded frames stay zero
                System.arraycopy(x[j], 0, values, (r * s + j) * f, f);
            }
            Arrays.fill(srcMask[r], 0, x.length, 1f);
            Batcher.frameTarget(p.target(), tgtIn[r], tgtOut[r], tgtMask[r]);
        }
        return new FeatureBatch(indices.clone(), values, f, tgtIn, tgtOut, srcMask, tgtMask);
    }

    /** Every pair's features must have one width: a model's input projection takes one. */
    private static void requireOneWidth(List<FeaturePair> pairs) {
        for (int i = 1; i < pairs.size(); i++) {
            if (pairs.get(i).featureDim() != pairs.get(0).featureDim()) {
                throw new IllegalArgumentException("feature pair " + i + " has " + pairs.get(i).featureDim()
                        + " features a frame but pair 0 has " + pairs.get(0).featureDim());
            }
        }
    }
}
