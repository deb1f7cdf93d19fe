package org.attentionlab.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Turns encoded pairs into padded {@link Batch}es.
 *
 * <p>For training, {@link #shuffled} buckets by length: pairs are shuffled, then stably sorted by
 * (source length, target length), then cut into batches, and the batches are shuffled. Sorting puts
 * pairs of similar length together, so little of a batch is padding; shuffling first makes the
 * choice among equal-length pairs random, and shuffling the batches makes the order of lengths
 * random. Both shuffles follow the seed only (pass {@code seed + epoch} for a new order each
 * epoch). For evaluation, {@link #inOrder} keeps the given order.
 */
public final class Batcher {
    private Batcher() {
    }

    /** Length-bucketed batches of at most {@code batchSize} pairs, in an order fixed by {@code seed}. */
    public static List<Batch> shuffled(List<EncodedPair> pairs, int batchSize, long seed) {
        positive("batchSize", batchSize);
        return cut(bucketOrder(pairs, seed), pairs, batchSize, Integer.MAX_VALUE, seed);
    }

    /**
     * Length-bucketed batches holding at most {@code maxTokens} padded tokens on the longer side
     * (B * max(S, T + 1) <= maxTokens; a single longer pair still makes a batch of one).
     */
    public static List<Batch> shuffledByTokens(List<EncodedPair> pairs, int maxTokens, long seed) {
        positive("maxTokens", maxTokens);
        return cut(bucketOrder(pairs, seed), pairs, Integer.MAX_VALUE, maxTokens, seed);
    }

    /** Consecutive batches of at most {@code batchSize} pairs, in the given order (no bucketing). */
    public static List<Batch> inOrder(List<EncodedPair> pairs, int batchSize) {
        positive("batchSize", batchSize);
        List<Batch> out = new ArrayList<>();
        for (int start = 0; start < pairs.size(); start += batchSize) {
            int end = Math.min(pairs.size(), start + batchSize);
            int[] idx = new int[end - start];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = start + i;
            }
            out.add(collate(pairs, idx));
        }
        return out;
    }

    /** Pads the pairs {@code indices} of {@code pairs} into one batch. */
    public static Batch collate(List<EncodedPair> pairs, int[] indices) {
        int b = indices.length;
        int s = 0;
        int t = 0;
        for (int i : indices) {
            s = Math.max(s, pairs.get(i).source().length);
            t = Math.max(t, pairs.get(i).target().length);
        }
        int[][] src = new int[b][s];
        int[][] tgtIn = new int[b][t + 1];
        int[][] tgtOut = new int[b][t + 1];
        float[][] srcMask = new float[b][s];
        float[][] tgtMask = new float[b][t + 1];
        for (int r = 0; r < b; r++) {
            EncodedPair p = pairs.get(indices[r]);
            int[] x = p.source();
            int[] y = p.target();
            // Arrays start as zeros, which is PAD (id 0) for ids and "pad" for masks.
            System.arraycopy(x, 0, src[r], 0, x.length);
            Arrays.fill(srcMask[r], 0, x.length, 1f);
            tgtIn[r][0] = Vocabulary.BOS;
            System.arraycopy(y, 0, tgtIn[r], 1, y.length);
            System.arraycopy(y, 0, tgtOut[r], 0, y.length);
            tgtOut[r][y.length] = Vocabulary.END;
            Arrays.fill(tgtMask[r], 0, y.length + 1, 1f);
        }
        return new Batch(indices.clone(), src, tgtIn, tgtOut, srcMask, tgtMask);
    }

    private static List<Integer> bucketOrder(List<EncodedPair> pairs, long seed) {
        List<Integer> order = new ArrayList<>(pairs.size());
        for (int i = 0; i < pairs.size(); i++) {
            order.add(i);
        }
        // java.util.Random's sequence is fixed by its specification, so this order is reproducible.
        Collections.shuffle(order, new Random(seed));
        order.sort((a, c) -> {
            int bySource = Integer.compare(pairs.get(a).source().length, pairs.get(c).source().length);
            return bySource != 0 ? bySource
                    : Integer.compare(pairs.get(a).target().length, pairs.get(c).target().length);
        });
        return order;
    }

    private static List<Batch> cut(List<Integer> order, List<EncodedPair> pairs, int batchSize, int maxTokens,
                                   long seed) {
        List<Batch> out = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        int longest = 0;
        for (int i : order) {
            int len = Math.max(pairs.get(i).source().length, pairs.get(i).target().length + 1);
            int longestWith = Math.max(longest, len);
            boolean full = current.size() == batchSize || (long) longestWith * (current.size() + 1) > maxTokens;
            if (!current.isEmpty() && full) {
                out.add(collate(pairs, toArray(current)));
                current.clear();
                longestWith = len;
            }
            current.add(i);
            longest = longestWith;
        }
        if (!current.isEmpty()) {
            out.add(collate(pairs, toArray(current)));
        }
        // A second stream from the same seed, so the batch order does not repeat the pair shuffle.
        Collections.shuffle(out, new Random(~seed));
        return out;
    }

    private static int[] toArray(List<Integer> list) {
        int[] a = new int[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
