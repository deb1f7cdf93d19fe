package org.attentionlab.decode;

import java.util.function.Supplier;
import org.attentionlab.nn.Transformer;

/** What every decoder does around its search: check the caps, and run in evaluation mode. */
final class Decoding {
    private Decoding() {
    }

    /** One length cap per source sentence. */
    static void requireCaps(int[][] src, int[] maxTokens) {
        if (maxTokens.length != src.length) {
            throw new IllegalArgumentException("maxTokens needs one cap per source: " + src.length + " sources, "
                    + maxTokens.length + " caps");
        }
    }

    /**
     * Runs {@code search} with the model in evaluation mode (no dropout, BatchNorm's running
     * statistics, KV caches allowed) and restores the caller's mode afterwards.
     */
    static <T> T inEvaluationMode(Transformer model, Supplier<T> search) {
        boolean wasTraining = model.isTraining();
        model.train(false);
        try {
            return search.get();
        } finally {
            model.train(wasTraining);
        }
    }
}
