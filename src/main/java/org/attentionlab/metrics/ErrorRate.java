package org.attentionlab.metrics;

import java.util.List;

/**
 * Corpus error rate: total edit distance over total reference length, the phoneme error rate of
 * g2p and the character or word error rate of other tasks, depending on what the tokens are.
 *
 * <p>Summed over the corpus before dividing (not averaged per sentence), so long references weigh
 * more, as in speech recognition scoring. It can exceed 1 when hypotheses are longer than references.
 * Accumulates: call {@link #add} per pair, then read {@link #rate()}.
 */
public final class ErrorRate {
    private long edits;
    private long referenceLength;

    /** The rate of whole corpora of token sequences, paired by index. */
    public static double of(List<? extends List<?>> references, List<? extends List<?>> hypotheses) {
        if (references.size() != hypotheses.size()) {
            throw new IllegalArgumentException("references and hypotheses must pair up, got " + references.size()
                    + " references and " + hypotheses.size() + " hypotheses");
        }
        ErrorRate r = new ErrorRate();
        for (int i = 0; i < references.size(); i++) {
            r.add(references.get(i), hypotheses.get(i));
        }
        return r.rate();
    }

    public ErrorRate add(List<?> reference, List<?> hypothesis) {
        edits += EditDistance.levenshtein(reference, hypothesis);
        referenceLength += reference.size();
        return this;
    }

    public long edits() {
        return edits;
    }

    public long referenceLength() {
        return referenceLength;
    }

    /** edits / reference tokens; 0 when there is nothing at all, infinite for edits against empty references. */
    public double rate() {
        if (referenceLength == 0) {
            return edits == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return (double) edits / referenceLength;
    }
}
