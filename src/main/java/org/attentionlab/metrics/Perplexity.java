package org.attentionlab.metrics;

/**
 * Perplexity exp(NLL / N): the exponentiated mean negative log-likelihood per token (natural log),
 * "as uncertain as a uniform choice among this many tokens". Summing NLL and tokens over batches
 * before dividing weighs every token equally, whatever the batch sizes.
 */
public final class Perplexity {
    private Perplexity() {
    }

    /**
     * @param summedNll total negative log-likelihood in nats over {@code tokens} tokens (without label
     *                  smoothing, or it is not a perplexity of the model)
     */
    public static double of(double summedNll, long tokens) {
        if (tokens <= 0) {
            throw new IllegalArgumentException("tokens must be positive, got " + tokens);
        }
        if (!(summedNll >= 0)) {
            throw new IllegalArgumentException("summedNll must be >= 0, got " + summedNll);
        }
        return Math.exp(summedNll / tokens);
    }
}
