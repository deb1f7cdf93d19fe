package org.attentionlab.train;

/**
 * Teacher-forced metrics over a set of batches: mean per-token loss (with the training loss's
 * label smoothing switched off, so it is the true cross-entropy), perplexity exp(loss), and the
 * fraction of target tokens whose most probable prediction is right.
 */
public record Evaluation(double loss, double perplexity, double tokenAccuracy, long tokens) {
    @Override
    public String toString() {
        return String.format("loss %.4f, perplexity %.3f, token accuracy %.2f%% over %d tokens", loss, perplexity,
                100 * tokenAccuracy, tokens);
    }
}
