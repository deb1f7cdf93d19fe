package org.attentionlab.lesson;

import java.util.ArrayList;
import java.util.List;

/**
 * Repeats an experiment over seeds. One seed of a small model can land anywhere in a wide band; a
 * lesson that compares two settings runs each over several seeds and compares the spreads
 * ({@link Difference}), never two single numbers.
 */
public final class Seeds {
    private Seeds() {
    }

    /** Something run once per seed; may throw, like a training run that writes a checkpoint. */
    @FunctionalInterface
    public interface Experiment<T> {
        T run(long seed) throws Exception;
    }

    /** The seeds 1, 2, ..., n. */
    public static long[] first(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("need at least one seed, got " + n);
        }
        long[] s = new long[n];
        for (int i = 0; i < n; i++) {
            s[i] = i + 1;
        }
        return s;
    }

    /** Runs {@code experiment} with the seeds 1..n, in order. */
    public static <T> Runs<T> run(int n, Experiment<T> experiment) {
        return run(first(n), experiment);
    }

    /** Runs {@code experiment} once per seed, in order; a failure names the seed. */
    public static <T> Runs<T> run(long[] seeds, Experiment<T> experiment) {
        List<T> out = new ArrayList<>(seeds.length);
        for (long seed : seeds) {
            try {
                out.add(experiment.run(seed));
            } catch (RuntimeException e) {
                throw new IllegalStateException("the run with seed " + seed + " failed: " + e.getMessage(), e);
            } catch (Exception e) {
                throw new IllegalStateException("the run with seed " + seed + " failed: " + e, e);
            }
        }
        return new Runs<>(seeds, out);
    }
}
