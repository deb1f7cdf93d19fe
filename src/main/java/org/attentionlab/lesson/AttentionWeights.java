package org.attentionlab.lesson;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntBinaryOperator;
import org.attentionlab.data.Batch;
import org.attentionlab.data.Example;
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
 */
public final class AttentionWeights {
    private final Task task;
    private final List<Example> examples;
    private final Batch batch;
    private final List<INDArray> encoder = new ArrayList<>();
    private final List<INDArray> decoder = new ArrayList<>();
    private final List<INDArray> cross = new ArrayList<>();

    private AttentionWeights(Transformer model, Task task, List<Example> examples) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no examples to look at");
        }
        this.task = task;
        this.examples = List.copyOf(examples);
        this.batch = task.batches(this.examples, this.examples.size()).get(0);
        boolean training = model.isTraining();
        model.train(false);
        try {
            model.forward(batch.src(), batch.tgtIn(), batch.srcKeyPadding(), batch.tgtKeyPadding());
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
        return new AttentionWeights(model, task, examples);
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
        return AttentionMaps.example(encoder, decoder, cross, e, tokens(task.sourceVocabulary(), batch.src()[e],
                batch.srcMask()[e]), tokens(task.targetVocabulary(), batch.tgtIn()[e], batch.tgtMask()[e]));
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
        throw new IllegalArgumentException("example " + i + " is not among the " + examples.size() + " given");
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
