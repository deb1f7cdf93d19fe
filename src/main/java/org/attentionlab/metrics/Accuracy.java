package org.attentionlab.metrics;

import java.util.List;
import java.util.Objects;

/**
 * Token and sequence accuracy.
 *
 * <p>Token accuracy compares position by position. Of free-running output (hypotheses of their own
 * length) it counts over the longer of reference and hypothesis, so a missing or an extra token is
 * an error, not ignored. Of teacher-forced predictions it counts the positions a mask marks real.
 * Results are {@link Count}s, so that batches can be summed before dividing.
 */
public final class Accuracy {
    private Accuracy() {
    }

    /** A number of hits out of a total; add counts of batches, then take {@link #rate()}. */
    public record Count(long correct, long total) {
        public static final Count ZERO = new Count(0, 0);

        public Count plus(Count o) {
            return new Count(correct + o.correct, total + o.total);
        }

        /** correct / total, 0 for an empty count. */
        public double rate() {
            return total == 0 ? 0 : (double) correct / total;
        }
    }

    /** Position-wise token accuracy of free-running hypotheses, over max(reference, hypothesis) length. */
    public static Count tokens(List<? extends List<?>> references, List<? extends List<?>> hypotheses) {
        pairUp(references.size(), hypotheses.size());
        long correct = 0;
        long total = 0;
        for (int i = 0; i < references.size(); i++) {
            List<?> r = references.get(i);
            List<?> h = hypotheses.get(i);
            int common = Math.min(r.size(), h.size());
            for (int j = 0; j < common; j++) {
                correct += Objects.equals(r.get(j), h.get(j)) ? 1 : 0;
            }
            total += Math.max(r.size(), h.size());
        }
        return new Count(correct, total);
    }

    /** Token accuracy of teacher-forced predictions [B, T] against gold ids [B, T] where mask != 0. */
    public static Count tokens(int[][] gold, int[][] predicted, float[][] mask) {
        pairUp(gold.length, predicted.length);
        long correct = 0;
        long total = 0;
        for (int b = 0; b < gold.length; b++) {
            if (gold[b].length != predicted[b].length || gold[b].length != mask[b].length) {
                throw new IllegalArgumentException("row " + b + ": gold, predicted and mask must have one length, got "
                        + gold[b].length + ", " + predicted[b].length + ", " + mask[b].length);
            }
            for (int t = 0; t < gold[b].length; t++) {
                if (mask[b][t] != 0) {
                    total++;
                    correct += gold[b][t] == predicted[b][t] ? 1 : 0;
                }
            }
        }
        return new Count(correct, total);
    }

    /** Share of hypotheses equal to their reference as a whole. */
    public static Count sequences(List<? extends List<?>> references, List<? extends List<?>> hypotheses) {
        pairUp(references.size(), hypotheses.size());
        long correct = 0;
        for (int i = 0; i < references.size(); i++) {
            correct += references.get(i).equals(hypotheses.get(i)) ? 1 : 0;
        }
        return new Count(correct, references.size());
    }

    private static void pairUp(int references, int hypotheses) {
        if (references != hypotheses) {
            throw new IllegalArgumentException("references and hypotheses must pair up, got " + references
                    + " references and " + hypotheses + " hypotheses");
        }
    }
}
