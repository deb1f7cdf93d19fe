package org.attentionlab.lesson;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The results of one experiment repeated over seeds, in seed order.
 *
 * @param seeds   the seeds, one per run
 * @param results what each run returned
 */
public record Runs<T>(long[] seeds, List<T> results) {
    public Runs {
        if (seeds.length != results.size()) {
            throw new IllegalArgumentException(seeds.length + " seeds but " + results.size() + " results");
        }
        seeds = seeds.clone();
        results = List.copyOf(results);
    }

    @Override
    public long[] seeds() {
        return seeds.clone();
    }

    public int size() {
        return results.size();
    }

    public T get(int i) {
        return results.get(i);
    }

    /** The first run: the one a lesson draws its pictures from. */
    public T first() {
        return results.get(0);
    }

    /** One quantity of every run, e.g. {@code runs.spread(fit -> fit.validation().loss())}. */
    public Spread spread(ToDoubleFunction<? super T> quantity) {
        double[] v = new double[results.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = quantity.applyAsDouble(results.get(i));
        }
        return new Spread(v);
    }
}
