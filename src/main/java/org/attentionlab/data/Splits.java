package org.attentionlab.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Train, validation and test parts of one list of items.
 *
 * <p>{@link #of} permutes the positions 0..n-1 with a seeded Fisher-Yates shuffle and cuts the
 * permutation: the test part first, then validation, the rest training. The same items in the same
 * order with the same seed give the same parts on every run and machine ({@link SplittableRandom}'s
 * sequence is fixed by its specification). Each part keeps the items in their original order.
 */
public record Splits<T>(List<T> train, List<T> valid, List<T> test) {
    public Splits {
        train = List.copyOf(train);
        valid = List.copyOf(valid);
        test = List.copyOf(test);
    }

    /**
     * Splits {@code items} at random by {@code seed}. The validation and test parts get
     * {@code round(n * fraction)} items each.
     */
    public static <T> Splits<T> of(List<T> items, double validFraction, double testFraction, long seed) {
        if (!(validFraction >= 0 && testFraction >= 0 && validFraction + testFraction < 1)) {
            throw new IllegalArgumentException("validFraction and testFraction must be >= 0 and sum to less than 1, got "
                    + validFraction + " and " + testFraction);
        }
        int n = items.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int nTest = (int) Math.round(n * testFraction);
        int nValid = (int) Math.round(n * validFraction);
        // part[i] = 0 train, 1 valid, 2 test; then walk the items in their own order.
        byte[] part = new byte[n];
        for (int k = 0; k < nTest; k++) {
            part[order[k]] = 2;
        }
        for (int k = nTest; k < nTest + nValid; k++) {
            part[order[k]] = 1;
        }
        List<T> train = new ArrayList<>(n - nTest - nValid);
        List<T> valid = new ArrayList<>(nValid);
        List<T> test = new ArrayList<>(nTest);
        for (int i = 0; i < n; i++) {
            (part[i] == 0 ? train : part[i] == 1 ? valid : test).add(items.get(i));
        }
        return new Splits<>(train, valid, test);
    }

    /** Everything in training, nothing held out (for tiny experiments). */
    public static <T> Splits<T> trainOnly(List<T> items) {
        return new Splits<>(items, Collections.emptyList(), Collections.emptyList());
    }

    public int size() {
        return train.size() + valid.size() + test.size();
    }

    /** The part named {@code train}, {@code valid} (or {@code validation}) or {@code test}. */
    public List<T> part(String name) {
        return switch (name) {
            case "train" -> train;
            case "valid", "validation" -> valid;
            case "test" -> test;
            default -> throw new IllegalArgumentException("unknown split '" + name + "'; known: train, valid, test");
        };
    }
}
