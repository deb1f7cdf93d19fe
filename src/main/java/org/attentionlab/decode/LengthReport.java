package org.attentionlab.decode;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.attentionlab.data.Batch;
import org.attentionlab.data.Batcher;
import org.attentionlab.data.EncodedPair;
import org.attentionlab.nn.Transformer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How well a {@link LengthStrategy} got the output length, and what that did to the outputs.
 *
 * @param strategy           the strategy's name
 * @param sentences          pairs scored
 * @param exactLength        share of outputs exactly as long as the reference
 * @param meanAbsLengthError mean |output length - reference length| in tokens
 * @param tooShort           share of outputs shorter than the reference (a cap that is too small shows here)
 * @param tooLong            share of outputs longer than the reference
 * @param sequenceAccuracy   share of outputs equal to the reference, token for token
 * @param seconds            wall time of the decoding
 */
public record LengthReport(String strategy, int sentences, double exactLength, double meanAbsLengthError,
        double tooShort, double tooLong, double sequenceAccuracy, double seconds) {

    /** Decodes {@code pairs} in batches of {@code batchSize} with the strategy and scores the outputs. */
    public static LengthReport evaluate(LengthStrategy strategy, Transformer model, List<EncodedPair> pairs,
            int batchSize) {
        if (pairs == null || pairs.isEmpty()) {
            throw new IllegalArgumentException("pairs to evaluate must be a non-empty list");
        }
        long started = System.nanoTime();
        int[][] outputs = new int[pairs.size()][];
        for (Batch batch : Batcher.inOrder(pairs, batchSize)) {
            INDArray keep = batch.srcKeyPadding();
            keep = keep.dataType() == model.dataType() ? keep : keep.castTo(model.dataType());
            int[][] out = strategy.decode(model, batch.src(), keep);
            for (int i = 0; i < out.length; i++) {
                outputs[batch.indices()[i]] = out[i];
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return score(strategy.name(), pairs, outputs, seconds);
    }

    /** Scores given outputs against the pairs' targets. */
    public static LengthReport score(String strategy, List<EncodedPair> pairs, int[][] outputs, double seconds) {
        if (outputs.length != pairs.size()) {
            throw new IllegalArgumentException(pairs.size() + " pairs but " + outputs.length + " outputs");
        }
        int n = pairs.size();
        int exact = 0;
        int shorter = 0;
        int longer = 0;
        int same = 0;
        long absError = 0;
        for (int i = 0; i < n; i++) {
            int[] gold = pairs.get(i).target();
            int[] out = outputs[i];
            int diff = out.length - gold.length;
            absError += Math.abs(diff);
            exact += diff == 0 ? 1 : 0;
            shorter += diff < 0 ? 1 : 0;
            longer += diff > 0 ? 1 : 0;
            same += Arrays.equals(out, gold) ? 1 : 0;
        }
        return new LengthReport(strategy, n, (double) exact / n, (double) absError / n, (double) shorter / n,
                (double) longer / n, (double) same / n, seconds);
    }

    /** The header of {@link #toRow()}'s Markdown table. */
    public static String header() {
        return "| strategy | exact length | mean abs. length error | too short | too long | sequence accuracy | seconds |\n"
                + "| --- | --- | --- | --- | --- | --- | --- |";
    }

    /** One Markdown table row. */
    public String toRow() {
        return String.format(Locale.ROOT, "| %s | %.1f%% | %.3f | %.1f%% | %.1f%% | %.1f%% | %.1f |", strategy,
                100 * exactLength, meanAbsLengthError, 100 * tooShort, 100 * tooLong, 100 * sequenceAccuracy, seconds);
    }
}
