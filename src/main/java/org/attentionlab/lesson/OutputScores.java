package org.attentionlab.lesson;

import java.util.ArrayList;
import java.util.List;
import org.attentionlab.data.Batch;
import org.attentionlab.data.Batcher;
import org.attentionlab.data.EncodedPair;
import org.attentionlab.decode.BeamSearch;
import org.attentionlab.nn.Transformer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a model thinks of outputs it is given: log P(Y | X) = sum over t of log p(y_t | y_&lt;t, X),
 * the END after Y included, computed teacher-forced in one pass of the decoder (no search), and the
 * same divided by a beam search's length penalty lp(|Y| + 1). Scoring two decoders' outputs the same
 * way tells a search error (the search returned an output the model scores lower than one it could
 * have found) from a model error (the model scores a wrong output higher than the right one).
 */
public final class OutputScores {
    private static final int BATCH = 100;
    /** Scores closer than this count as equal (float32 logits, cached and uncached passes). */
    public static final double TOLERANCE = 1e-4;

    /**
     * A beam search's outputs judged by the model's own scores (each share of all sentences).
     *
     * @param wrong                 outputs that differ from the reference
     * @param belowGreedy           outputs scored below greedy's output: search errors, since
     *                              greedy's path was open to the search
     * @param belowGreedyAndShorter of those, outputs also shorter than greedy's (the search ended early)
     * @param belowReference        outputs scored below the reference: search errors with respect to it
     */
    public record Audit(double wrong, double belowGreedy, double belowGreedyAndShorter, double belowReference) {
        /** Wrong outputs scored at least as high as the reference: model errors, which no search can fix. */
        public double modelErrors() {
            return wrong - belowReference;
        }
    }

    private OutputScores() {
    }

    /**
     * log P(output, END | source) for each pair's source and the output of the same index (tokens
     * without BOS and END); the pairs' targets are not read.
     */
    public static double[] logProbabilities(Transformer model, List<EncodedPair> pairs, int[][] outputs) {
        if (pairs.size() != outputs.length) {
            throw new IllegalArgumentException(pairs.size() + " sources but " + outputs.length + " outputs");
        }
        List<EncodedPair> scored = new ArrayList<>(pairs.size());
        for (int i = 0; i < outputs.length; i++) {
            scored.add(new EncodedPair(pairs.get(i).source(), outputs[i]));
        }
        double[] out = new double[outputs.length];
        boolean wasTraining = model.isTraining();
        model.train(false);
        try {
            for (Batch batch : Batcher.inOrder(scored, BATCH)) {
                INDArray srcKeep = batch.srcKeyPadding().castTo(model.dataType());
                INDArray tgtKeep = batch.tgtKeyPadding().castTo(model.dataType());
                INDArray logits = model.forward(batch.src(), batch.tgtIn(), srcKeep, tgtKeep); // [B,T+1,V]
                for (int b = 0; b < batch.size(); b++) {
                    double[][] rows = logits.slice(b).toDoubleMatrix();
                    double sum = 0;
                    for (int t = 0; t < rows.length && batch.tgtMask()[b][t] != 0; t++) {
                        sum += logSoftmax(rows[t], batch.tgtOut()[b][t]);
                    }
                    out[batch.indices()[b]] = sum;
                }
            }
        } finally {
            model.train(wasTraining);
        }
        return out;
    }

    /** log P(output, END | source) / lp(|output| + 1): the score {@code search} ranks finished outputs by. */
    public static double[] scores(Transformer model, List<EncodedPair> pairs, int[][] outputs, BeamSearch search) {
        double[] s = logProbabilities(model, pairs, outputs);
        for (int i = 0; i < s.length; i++) {
            s[i] /= search.lengthPenalty(outputs[i].length + 1);
        }
        return s;
    }

    /**
     * Scores {@code beamOutputs}, {@code greedyOutputs} and the pairs' targets with {@code search}'s
     * length penalty and counts search and model errors ({@link Audit}).
     */
    public static Audit audit(Transformer model, List<EncodedPair> pairs, int[][] beamOutputs, int[][] greedyOutputs,
                              BeamSearch search) {
        int[][] references = new int[pairs.size()][];
        int wrong = 0;
        for (int i = 0; i < references.length; i++) {
            references[i] = pairs.get(i).target();
            wrong += java.util.Arrays.equals(references[i], beamOutputs[i]) ? 0 : 1;
        }
        double[] beam = scores(model, pairs, beamOutputs, search);
        double[] greedy = scores(model, pairs, greedyOutputs, search);
        double[] reference = scores(model, pairs, references, search);
        double[] shorter = greedy.clone();       // beam's score only where its output is the shorter
        for (int i = 0; i < shorter.length; i++) {
            shorter[i] = beamOutputs[i].length < greedyOutputs[i].length ? beam[i] : greedy[i];
        }
        return new Audit((double) wrong / pairs.size(), shareBelow(beam, greedy, TOLERANCE),
                shareBelow(shorter, greedy, TOLERANCE), shareBelow(beam, reference, TOLERANCE));
    }

    /**
     * Share of positions where {@code a} is below {@code b} by more than {@code tolerance} (float32
     * logits: the same output scored by a cached search and by one teacher-forced pass can differ
     * in the last digits).
     */
    public static double shareBelow(double[] a, double[] b, double tolerance) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("need two non-empty arrays of one length, got " + a.length + " and "
                    + b.length);
        }
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            n += a[i] < b[i] - tolerance ? 1 : 0;
        }
        return (double) n / a.length;
    }

    private static double logSoftmax(double[] row, int token) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : row) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : row) {
            sum += Math.exp(v - max);
        }
        return row[token] - max - Math.log(sum);
    }
}
