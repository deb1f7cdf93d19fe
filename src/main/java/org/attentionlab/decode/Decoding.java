package org.attentionlab.decode;

import java.util.function.Supplier;
import org.attentionlab.nn.StepWorkspace;
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
     * statistics, KV caches allowed) and restores the caller's mode afterwards. The search's own
     * arrays (the encoder's output and its temporaries) live in a workspace reused from search to
     * search ({@link StepWorkspace#SEARCH}): as ordinary arrays they waited for a garbage collection,
     * which a decode's few Java objects rarely cause (measured: resident memory grew by about 20 MB
     * a greedy decode of the reference benchmark). {@code search} must return no ND4J array.
     */
    static <T> T inEvaluationMode(Transformer model, Supplier<T> search) {
        boolean wasTraining = model.isTraining();
        model.train(false);
        try (StepWorkspace.Scope ignored = StepWorkspace.open(StepWorkspace.SEARCH)) {
            return search.get();
        } finally {
            model.train(wasTraining);
        }
    }
}
