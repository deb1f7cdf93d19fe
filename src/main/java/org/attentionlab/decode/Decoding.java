package org.attentionlab.decode;

import java.util.function.Supplier;
import org.attentionlab.nn.StepWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.attentionlab.nn.Transformer;

/** What every decoder does around its search: check the caps, and run in evaluation mode. */
final class Decoding {
    private Decoding() {
    }

    /** One length cap per source sentence. */
    static void requireCaps(int[][] src, int[] maxTokens) {
        requireCaps(src.length, maxTokens);
    }

    /** One length cap per row of a batch of {@code sources} sources (token rows or feature sequences). */
    static void requireCaps(long sources, int[] maxTokens) {
        if (maxTokens == null || maxTokens.length != sources) {
            throw new IllegalArgumentException("maxTokens needs one cap per source: " + sources + " sources, "
                    + (maxTokens == null ? "none" : maxTokens.length) + " caps");
        }
    }

    /** A feature batch [B, frames, F]: checked here so that the caps check can read B. */
    static void requireFeatures(INDArray features) {
        if (features == null || features.rank() != 3) {
            throw new IllegalArgumentException("source features must be [batch, frames, features], got "
                    + (features == null ? "null" : java.util.Arrays.toString(features.shape())));
        }
    }

    /** One feature sequence [frames][F] as a batch of one, [1, frames, F] float32. */
    static INDArray oneSequence(float[][] features) {
        if (features == null || features.length == 0 || features[0] == null || features[0].length == 0) {
            throw new IllegalArgumentException("a feature sequence needs at least one frame of at least one feature");
        }
        int f = features[0].length;
        float[] flat = new float[Math.multiplyExact(features.length, f)];
        for (int t = 0; t < features.length; t++) {
            if (features[t] == null || features[t].length != f) {
                throw new IllegalArgumentException("feature frame " + t + " has "
                        + (features[t] == null ? "no array" : features[t].length + " features") + " but frame 0 has " + f);
            }
            System.arraycopy(features[t], 0, flat, t * f, f);
        }
        return org.nd4j.linalg.factory.Nd4j.create(flat, new long[] {1, features.length, f}, 'c');
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
