package org.attentionlab.lesson;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntBinaryOperator;
import org.attentionlab.data.Batch;
import org.attentionlab.data.Example;
import org.attentionlab.data.FeatureBatch;
import org.attentionlab.data.FeatureBatcher;
import org.attentionlab.data.FeaturePair;
import org.attentionlab.data.PaddedBatch;
import org.attentionlab.data.Task;
import org.attentionlab.data.Vocabulary;
import org.attentionlab.nn.DecoderLayer;
import org.attentionlab.nn.EncoderLayer;
import org.attentionlab.nn.Transformer;
import org.attentionlab.viz.AttentionMaps;
import org.attentionlab.viz.Stack;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What every attention layer of an encoder-decoder model looks at, for a few examples: the weights
 * of one teacher-forced pass in evaluation mode, each a [B, H, Tq, Tk] array per layer, of the
 * encoder's self-attention, the decoder's self-attention and the cross-attention. They can be
 * drawn ({@link #maps}) or measured against the source position each output should read
 * ({@link #alignment}).
 *
 * <p>For a model that reads feature vectors, {@link #ofFeatures} runs the pass over feature pairs
 * (spoken words' frames) with their reference transcripts as the decoder input: the source
 * positions are then frames, labelled by index, and {@link #crossMean} is each character's
 * attention over the frames, the alignment drawn over a spectrogram.
 */
public final class AttentionWeights {
    private final Vocabulary sourceVocabulary;  // null for a feature source
    private final Vocabulary targetVocabulary;
    private final int examples;
    private final PaddedBatch batch;
    private final List<INDArray> encoder = new ArrayList<>();
    private final List<INDArray> decoder = new ArrayList<>();
    private final List<INDArray> cross = new ArrayList<>();

    private AttentionWeights(Transformer model, Vocabulary sourceVocabulary, Vocabulary targetVocabulary,
                             int examples, PaddedBatch batch) {
        this.sourceVocabulary = sourceVocabulary;
        this.targetVocabulary = targetVocabulary;
        this.examples = examples;
        this.batch = batch;
        boolean training = model.isTraining();
        model.train(false);
        try {
            if (batch instanceof FeatureBatch f) {
                model.forward(f.features(), f.tgtIn(), f.srcKeyPadding(), f.tgtKeyPadding());
            } else {
                model.forward(((Batch) batch).src(), batch.tgtIn(), batch.srcKeyPadding(), batch.tgtKeyPadding());
            }
        } finally {
            model.train(training);
        }
        for (EncoderLayer l : model.encoder().layers().items()) {
            encoder.add(l.selfAttention().lastAttentionWeights().dup());
        }
        for (DecoderLayer l : model.decoder().layers().items()) {
            decoder.add(l.selfAttention().lastAttentionWeights().dup());
            cross.add(l.crossAttention().lastAttentionWeights().dup());
        }
    }

    /** The weights of every layer for {@code examples} (one batch, teacher forced, evaluation mode). */
    public static AttentionWeights of(Transformer model, Task task, List<Example> examples) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no examples to look at");
        }
        return new AttentionWeights(model, task.sourceVocabulary(), task.targetVocabulary(), examples.size(),
                task.batches(List.copyOf(examples), examples.size()).get(0));
    }

    /**
     * The weights of every layer for feature pairs (one batch, teacher forced with each pair's
     * target, evaluation mode), for a model with {@code source_features}; {@code targetVocabulary}
     * labels the decoder's positions.
     */
    public static AttentionWeights ofFeatures(Transformer model, Vocabulary targetVocabulary, List<FeaturePair> pairs) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no examples to look at");
        }
        if (!model.config().hasFeatureSource()) {
            throw new IllegalArgumentException("this model reads token ids, not feature vectors: use of(...)");
        }
        return new AttentionWeights(model, null, targetVocabulary, pairs.size(),
                FeatureBatcher.inOrder(pairs, pairs.size()).get(0));
    }

    public List<INDArray> encoder() {
        return List.copyOf(encoder);
    }

    public List<INDArray> decoder() {
        return List.copyOf(decoder);
    }

    public List<INDArray> cross() {
        return List.copyOf(cross);
    }

    /**
     * Every head of every layer for example {@code i}: encoder self-attention, decoder
     * self-attention and cross-attention, labelled with the tokens (the decoder's rows with the
     * token each position reads, {@code <bos>} first). Padding is left out.
     */
    public Stack maps(int i) {
        int e = row(i);
        return AttentionMaps.example(encoder, decoder, cross, e, sourceLabels(e),
                tokens(targetVocabulary, batch.tgtIn()[e], batch.tgtMask()[e]));
    }

    /**
     * The cross-attention of example {@code i} in decoder layer {@code layer}, averaged over its
     * heads, padding left out: [target length + 1][source length]; row j is the decoder position that
     * reads {@code tgtIn[j]} ({@code <bos>} first) and predicts target token j ({@code <end>} last).
     */
    public double[][] crossMean(int i, int layer) {
        int e = row(i);
        INDArray w = cross.get(layer);
        int heads = (int) w.size(1);
        int rows = length(batch.tgtMask()[e]);
        int cols = length(batch.srcMask()[e]);
        double[][] mean = new double[rows][cols];
        for (int h = 0; h < heads; h++) {
            double[][] m = AttentionMaps.matrix(w, e, h);
            for (int q = 0; q < rows; q++) {
                for (int k = 0; k < cols; k++) {
                    mean[q][k] += m[q][k] / heads;
                }
            }
        }
        return mean;
    }

    /** The keys of cross-attention for batch row e: source tokens, or frame numbers for a feature source. */
    private List<String> sourceLabels(int e) {
        if (sourceVocabulary != null) {
            return tokens(sourceVocabulary, ((Batch) batch).src()[e], batch.srcMask()[e]);
        }
        List<String> frames = new ArrayList<>();
        for (int t = 0; t < length(batch.srcMask()[e]); t++) {
            frames.add(Integer.toString(t));
        }
        return frames;
    }

    /**
     * The mean cross-attention weight, per decoder layer and head, that output position {@code i}
     * (the decoder position that predicts output token i) puts on source position
     * {@code expected.applyAsInt(i, n)}, over every example and every i &lt; n, where n is the
     * example's source length; e.g. {@code (i, n) -> n - 1 - i} for reversing. The uniform
     * baseline is the mean of 1/n over the same positions.
     */
    public Alignment alignment(IntBinaryOperator expected) {
        int layers = cross.size(), heads = (int) cross.get(0).size(1);
        double[][] w = new double[layers][heads];
        long count = 0;
        double uniform = 0;
        for (int e = 0; e < batch.size(); e++) {
            int n = length(batch.srcMask()[e]), out = length(batch.tgtMask()[e]);
            for (int i = 0; i < Math.min(n, out); i++, count++) {
                int j = expected.applyAsInt(i, n);
                if (j < 0 || j >= n) {
                    throw new IllegalArgumentException("expected source position " + j + " for output " + i
                            + " is outside the source (length " + n + ")");
                }
                for (int l = 0; l < layers; l++) {
                    for (int h = 0; h < heads; h++) {
                        w[l][h] += cross.get(l).getDouble(e, h, i, j);
                    }
                }
                uniform += 1.0 / n;
            }
        }
        for (double[] r : w) {
            for (int h = 0; h < heads; h++) {
                r[h] /= count;
            }
        }
        return new Alignment(w, uniform / count);
    }

    /**
     * Cross-attention weight on the expected source position, per [decoder layer][head], and what
     * uniform attention would give.
     */
    public record Alignment(double[][] weight, double uniform) {
        /** {layer, head} of the head with the most weight on the expected position. */
        public int[] best() {
            int[] b = {0, 0};
            for (int l = 0; l < weight.length; l++) {
                for (int h = 0; h < weight[l].length; h++) {
                    if (weight[l][h] > weight[b[0]][b[1]]) {
                        b = new int[] {l, h};
                    }
                }
            }
            return b;
        }

        /** The best head's weight. */
        public double bestWeight() {
            int[] b = best();
            return weight[b[0]][b[1]];
        }

        /** One row per head ("layer 1, head 0"), and a last row for uniform attention. */
        public ResultTable table(String title) {
            ResultTable t = new ResultTable(title).text("cross-attention").percent("weight on the expected position");
            for (int l = 0; l < weight.length; l++) {
                for (int h = 0; h < weight[l].length; h++) {
                    t.row("decoder layer " + l + ", head " + h, weight[l][h]);
                }
            }
            return t.row("uniform attention", uniform);
        }
    }

    private int row(int i) {
        for (int e = 0; e < batch.size(); e++) {
            if (batch.indices()[e] == i) {
                return e;
            }
        }
        throw new IllegalArgumentException("example " + i + " is not among the " + examples + " given");
    }

    private static int length(float[] mask) {
        int n = 0;
        for (float m : mask) {
            n += m != 0 ? 1 : 0;
        }
        return n;
    }

    private static List<String> tokens(Vocabulary v, int[] ids, float[] mask) {
        List<String> out = new ArrayList<>();
        for (int t = 0; t < ids.length && mask[t] != 0; t++) {
            out.add(v.token(ids[t]));
        }
        return out;
    }
}
