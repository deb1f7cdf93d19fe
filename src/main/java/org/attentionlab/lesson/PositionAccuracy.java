package org.attentionlab.lesson;

import java.util.Arrays;
import java.util.List;
import org.attentionlab.data.Batch;
import org.attentionlab.data.Batcher;
import org.attentionlab.data.EncodedPair;
import org.attentionlab.data.Vocabulary;
import org.attentionlab.decode.GreedyDecoder;
import org.attentionlab.nn.Rows;
import org.attentionlab.nn.Transformer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Token accuracy output position by position, of one model scored one of two ways: teacher-forced
 * (each position predicted from the gold prefix, all positions in one pass, as in training) or
 * free-running (greedy decoding, each step fed the model's own previous token, as at inference).
 * Position t counts from 0 and includes the final END token; a free-running output that is too
 * short is wrong at every position it does not reach, one that is too long is scored on the
 * reference's positions only. The difference of the two error curves of one model is exposure bias.
 */
public final class PositionAccuracy {
    private static final int BATCH = 64;

    private final String method;
    private final long[] correct;
    private final long[] total;
    private int sequencesRight;
    private int sequences;

    PositionAccuracy(String method, int positions) {
        this.method = method;
        this.correct = new long[positions];
        this.total = new long[positions];
    }

    /** One pass of the decoder over the gold prefix; the prediction at t is the argmax of the logits at t. */
    public static PositionAccuracy teacherForced(Transformer model, List<EncodedPair> pairs) {
        PositionAccuracy a = new PositionAccuracy("teacher-forced", positions(pairs));
        boolean wasTraining = model.isTraining();
        model.train(false);
        try {
            for (Batch b : Batcher.inOrder(pairs, BATCH)) {
                INDArray logits = model.forward(b.src(), b.tgtIn(), keep(model, b.srcKeyPadding()),
                        keep(model, b.tgtKeyPadding()));                                     // [B,T,V]
                int[] best = Rows.argmax(logits.reshape(b.size() * b.tgtLength(), logits.size(2)));
                for (int i = 0; i < b.size(); i++) {
                    a.add(b.tgtOut()[i], Arrays.copyOfRange(best, i * b.tgtLength(), (i + 1) * b.tgtLength()));
                }
            }
        } finally {
            model.train(wasTraining);
        }
        return a;
    }

    /** Greedy decoding with the KV cache, at most {@code maxTokens} tokens before END. */
    public static PositionAccuracy freeRunning(Transformer model, List<EncodedPair> pairs, int maxTokens) {
        PositionAccuracy a = new PositionAccuracy("free-running", positions(pairs));
        GreedyDecoder greedy = new GreedyDecoder(Vocabulary.BOS, Vocabulary.END, true);
        for (Batch b : Batcher.inOrder(pairs, BATCH)) {
            int[] caps = new int[b.size()];
            Arrays.fill(caps, maxTokens);
            int[][] out = greedy.decode(model, b.src(), keep(model, b.srcKeyPadding()), caps);
            for (int i = 0; i < b.size(); i++) {
                a.add(b.tgtOut()[i], withEnd(out[i], maxTokens));
            }
        }
        return a;
    }

    /** A greedy output (no END) as the tokens it predicted at each position: END follows unless the cap stopped it. */
    static int[] withEnd(int[] output, int maxTokens) {
        if (output.length >= maxTokens) {
            return output;
        }
        int[] p = Arrays.copyOf(output, output.length + 1);
        p[output.length] = Vocabulary.END;
        return p;
    }

    /** Scores one sequence: {@code gold} is target + END, PAD-padded; {@code predicted} the token at each position. */
    void add(int[] gold, int[] predicted) {
        boolean right = true;
        for (int t = 0; t < gold.length && gold[t] != Vocabulary.PAD; t++) {
            total[t]++;
            if (t < predicted.length && predicted[t] == gold[t]) {
                correct[t]++;
            } else {
                right = false;
            }
        }
        sequencesRight += right ? 1 : 0;
        sequences++;
    }

    private static int positions(List<EncodedPair> pairs) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no pairs to score");
        }
        return pairs.stream().mapToInt(p -> p.target().length + 1).max().getAsInt();
    }

    private static INDArray keep(Transformer model, INDArray mask) {
        return mask.dataType() == model.dataType() ? mask : mask.castTo(model.dataType());
    }

    /** "teacher-forced" or "free-running". */
    public String method() {
        return method;
    }

    /** Output positions scored: the longest reference plus its END. */
    public int positions() {
        return total.length;
    }

    /** Share of all reference positions (END included) predicted right. */
    public double tokenAccuracy() {
        return (double) Arrays.stream(correct).sum() / Arrays.stream(total).sum();
    }

    /** Share of sequences right at every position, END included. */
    public double sequenceAccuracy() {
        return (double) sequencesRight / sequences;
    }

    /** Error rate at position t, over the references that reach it. */
    public double errorAt(int t) {
        return total[t] == 0 ? Double.NaN : 1.0 - (double) correct[t] / total[t];
    }

    /** The error rate at every position 0 .. positions() - 1. */
    public double[] errors() {
        double[] e = new double[positions()];
        Arrays.setAll(e, this::errorAt);
        return e;
    }

    /** The mean over positions {@code from} .. {@code to - 1} of this error rate minus {@code other}'s. */
    public double meanErrorAbove(PositionAccuracy other, int from, int to) {
        if (from < 0 || to > Math.min(positions(), other.positions()) || from >= to) {
            throw new IllegalArgumentException("positions " + from + " .. " + (to - 1) + " are not all scored");
        }
        double s = 0;
        for (int t = from; t < to; t++) {
            s += errorAt(t) - other.errorAt(t);
        }
        return s / (to - from);
    }

    @Override
    public String toString() {
        return method + " on " + sequences + " sequences: token accuracy " + Unit.PERCENT.format(tokenAccuracy())
                + ", " + Unit.PERCENT.format(sequenceAccuracy()) + " of sequences right";
    }
}
