package org.attentionlab.lesson;

import java.util.List;
import org.attentionlab.data.Batch;
import org.attentionlab.data.Batcher;
import org.attentionlab.data.EncodedPair;
import org.attentionlab.data.Vocabulary;

/**
 * The yardstick a trained model must beat to have learnt anything about its input: the loss of a
 * model that ignores the source and predicts every output token (END included) with its frequency
 * in the training targets. A loss curve that flattens at this value has learnt the symbols'
 * frequencies and nothing else.
 */
public final class FrequencyBaseline {
    private FrequencyBaseline() {
    }

    /** Cross-entropy per target token (nats) on {@code valid} of the unigram model counted on {@code train}. */
    public static double loss(List<EncodedPair> train, List<EncodedPair> valid) {
        if (train.isEmpty() || valid.isEmpty()) {
            throw new IllegalArgumentException("need training and held-out pairs");
        }
        long[] counts = new long[vocabularySize(train, valid)];
        long total = 0;
        for (Batch b : Batcher.inOrder(train, 64)) {
            for (int[] row : b.tgtOut()) {
                for (int t : row) {
                    if (t != Vocabulary.PAD) {
                        counts[t]++;
                        total++;
                    }
                }
            }
        }
        double nll = 0;
        long n = 0;
        for (Batch b : Batcher.inOrder(valid, 64)) {
            for (int[] row : b.tgtOut()) {
                for (int t : row) {
                    if (t != Vocabulary.PAD) { // a token never seen in training counts as seen once
                        nll -= Math.log(Math.max(1, counts[t]) / (double) total);
                        n++;
                    }
                }
            }
        }
        return nll / n;
    }

    private static int vocabularySize(List<EncodedPair> train, List<EncodedPair> valid) {
        int max = Math.max(Vocabulary.END, Vocabulary.BOS);
        for (List<EncodedPair> pairs : List.of(train, valid)) {
            for (EncodedPair p : pairs) {
                for (int t : p.target()) {
                    max = Math.max(max, t);
                }
            }
        }
        return max + 1;
    }
}
