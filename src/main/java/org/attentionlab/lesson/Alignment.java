package org.attentionlab.lesson;

import java.util.List;
import org.attentionlab.data.FeaturePair;
import org.attentionlab.data.Vocabulary;
import org.attentionlab.nn.Transformer;

/**
 * How much a decoder's cross-attention over spoken frames looks like an alignment: for each
 * character the encoder position it attends to most (its peak), whether those peaks move forward
 * through the sound, and how concentrated each character's attention is.
 *
 * <p>A listen-attend-spell model reads a word's sound left to right, so a well-trained one moves
 * its peak forward (or keeps it) from one character to the next; a peak that jumps back is a
 * character looked for in the wrong place. The row that predicts END is left out: after the last
 * character there is nothing left to align.
 */
public record Alignment(int characters, int forwardSteps, int steps, double meanPeakWeight) {

    /** The share of steps (from the second character on) whose peak does not move back. */
    public double forwardShare() {
        return steps == 0 ? 1 : (double) forwardSteps / steps;
    }

    /**
     * The alignment of one attention matrix [characters + 1][positions] (END's row last, left out):
     * a step moves forward when its peak is at or after the previous character's peak.
     */
    public static Alignment of(double[][] attention) {
        int rows = attention.length - 1;
        if (rows < 1) {
            throw new IllegalArgumentException("an alignment needs at least one character row and END's");
        }
        int forward = 0;
        double peakWeight = 0;
        int previous = -1;
        for (int j = 0; j < rows; j++) {
            int peak = peak(attention[j]);
            peakWeight += attention[j][peak];
            if (j > 0 && peak >= previous) {
                forward++;
            }
            previous = peak;
        }
        return new Alignment(rows, forward, rows - 1, peakWeight / rows);
    }

    /**
     * The alignments of every pair, teacher forced with its transcript ({@link AttentionWeights#ofFeatures}),
     * in decoder layer {@code layer} with the heads averaged, summed into one.
     */
    public static Alignment over(Transformer model, Vocabulary vocabulary, List<FeaturePair> pairs, int layer) {
        int chars = 0;
        int forward = 0;
        int steps = 0;
        double peakSum = 0;
        for (int from = 0; from < pairs.size(); from += 32) {
            List<FeaturePair> part = pairs.subList(from, Math.min(pairs.size(), from + 32));
            AttentionWeights w = AttentionWeights.ofFeatures(model, vocabulary, part);
            for (int i = 0; i < part.size(); i++) {
                Alignment a = of(w.crossMean(i, layer));
                chars += a.characters;
                forward += a.forwardSteps;
                steps += a.steps;
                peakSum += a.meanPeakWeight * a.characters;
            }
        }
        return new Alignment(chars, forward, steps, chars == 0 ? 0 : peakSum / chars);
    }

    /** The index of the largest weight of a row (the first, on a tie). */
    static int peak(double[] row) {
        int p = 0;
        for (int k = 1; k < row.length; k++) {
            p = row[k] > row[p] ? k : p;
        }
        return p;
    }
}
