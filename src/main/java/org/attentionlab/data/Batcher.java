package org.attentionlab.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.ToIntFunction;

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
        return bucketed(pairs, p -> p.source().length, p -> p.target().length, Batcher::collate, batchSize,
                Integer.MAX_VALUE, seed);
    }

    /**
     * Length-bucketed batches holding at most {@code maxTokens} padded tokens on the longer side
     * (B * max(S, T + 1) <= maxTokens; a single longer pair still makes a batch of one).
     */
    public static List<Batch> shuffledByTokens(List<EncodedPair> pairs, int maxTokens, long seed) {
        positive("maxTokens", maxTokens);
        return bucketed(pairs, p -> p.source().length, p -> p.target().length, Batcher::collate, Integer.MAX_VALUE,
                maxTokens, seed);
    }

    /** Consecutive batches of at most {@code batchSize} pairs, in the given order (no bucketing). */
    public static List<Batch> inOrder(List<EncodedPair> pairs, int batchSize) {
        positive("batchSize", batchSize);
        return consecutive(pairs, batchSize, Batcher::collate);
    }

    /** Consecutive batches of any kind of pair, in the given order. */
    static <P, B> List<B> consecutive(List<P> pairs, int batchSize, BiFunction<List<P>, int[], B> collate) {
        List<B> out = new ArrayList<>();
        for (int start = 0; start < pairs.size(); start += batchSize) {
            int end = Math.min(pairs.size(), start + batchSize);
            int[] idx = new int[end - start];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = start + i;
            }
            out.add(collate.apply(pairs, idx));
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
            frameTarget(y, tgtIn[r], tgtOut[r], tgtMask[r]);
        }
        return new Batch(indices.clone(), src, tgtIn, tgtOut, srcMask, tgtMask);
    }

    /**
     * Writes one target into zeroed rows of length at least |y| + 1: {@code BOS y} into the decoder
     * input, {@code y END} into its output, ones over both into the mask.
     */
    static void frameTarget(int[] y, int[] tgtIn, int[] tgtOut, float[] tgtMask) {
        tgtIn[0] = Vocabulary.BOS;
        System.arraycopy(y, 0, tgtIn, 1, y.length);
        System.arraycopy(y, 0, tgtOut, 0, y.length);
        tgtOut[y.length] = Vocabulary.END;
        Arrays.fill(tgtMask, 0, y.length + 1, 1f);
    }

    /**
     * Length-bucketed batches of any kind of pair (see the class comment), at most {@code batchSize}
     * pairs and {@code maxTokens} padded positions on the longer side each.
     */
    static <P, B> List<B> bucketed(List<P> pairs, ToIntFunction<P> sourceLength, ToIntFunction<P> targetLength,
                                   BiFunction<List<P>, int[], B> collate, int batchSize, int maxTokens, long seed) {
        List<Integer> order = bucketOrder(pairs, sourceLength, targetLength, seed);
        return cut(order, pairs, sourceLength, targetLength, collate, batchSize, maxTokens, seed);
    }

    private static <P> List<Integer> bucketOrder(List<P> pairs, ToIntFunction<P> sourceLength,
                                                 ToIntFunction<P> targetLength, long seed) {
        List<Integer> order = new ArrayList<>(pairs.size());
        for (int i = 0; i < pairs.size(); i++) {
            order.add(i);
        }
        // java.util.Random's sequence is fixed by its specification, so this order is reproducible.
        Collections.shuffle(order, new Random(seed));
        order.sort((a, c) -> {
            int bySource = Integer.compare(sourceLength.applyAsInt(pairs.get(a)), sourceLength.applyAsInt(pairs.get(c)));
            return bySource != 0 ? bySource
                    : Integer.compare(targetLength.applyAsInt(pairs.get(a)), targetLength.applyAsInt(pairs.get(c)));
        });
        return order;
    }

    private static <P, B> List<B> cut(List<Integer> order, List<P> pairs, ToIntFunction<P> sourceLength,
                                      ToIntFunction<P> targetLength, BiFunction<List<P>, int[], B> collate,
                                      int batchSize, int maxTokens, long seed) {
        List<B> out = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        int longest = 0;
        for (int i : order) {
            int len = Math.max(sourceLength.applyAsInt(pairs.get(i)), targetLength.applyAsInt(pairs.get(i)) + 1);
            int longestWith = Math.max(longest, len);
            boolean full = current.size() == batchSize || (long) longestWith * (current.size() + 1) > maxTokens;
            if (!current.isEmpty() && full) {
                out.add(collate.apply(pairs, toArray(current)));
                current.clear();
                longestWith = len;
            }
            current.add(i);
            longest = longestWith;
        }
        if (!current.isEmpty()) {
            out.add(collate.apply(pairs, toArray(current)));
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

    static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
