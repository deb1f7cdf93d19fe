package org.attentionlab.lesson;

import java.util.ArrayList;
import java.util.List;
import org.attentionlab.data.Example;
import org.attentionlab.data.Task;
import org.attentionlab.data.Vocabulary;
import org.attentionlab.decode.GreedyDecoder;
import org.attentionlab.decode.LengthCap;
import org.attentionlab.nn.DecoderLayer;
import org.attentionlab.nn.EncoderLayer;
import org.attentionlab.nn.Transformer;
import org.attentionlab.viz.AttentionMaps;
import org.attentionlab.viz.HeatMap;
import org.attentionlab.viz.Stack;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The attention weights of one source, as the model attends when it decodes it: the source is
 * decoded greedily, then one teacher-forced pass with the model's own output as the decoder input
 * keeps the weights of every head of every layer: encoder self-attention (source x source),
 * decoder self-attention (output x output, causal) and cross-attention (output x source).
 */
public final class AttentionSnapshot {
    private final Task task;
    private final Example example;
    private final int[] source;
    private final int[] output;
    private final int[] decoderInput;
    private final INDArray logits;
    private final List<INDArray> encoderSelf = new ArrayList<>();
    private final List<INDArray> decoderSelf = new ArrayList<>();
    private final List<INDArray> cross = new ArrayList<>();

    private AttentionSnapshot(Transformer model, Task task, Example example, int[] source, LengthCap cap) {
        this.task = task;
        this.example = example;
        this.source = source.clone();
        boolean training = model.isTraining();
        model.train(false);
        try {
            output = new GreedyDecoder(Vocabulary.BOS, Vocabulary.END, true).decode(model, this.source, cap);
            decoderInput = new int[output.length + 1];
            decoderInput[0] = Vocabulary.BOS;
            System.arraycopy(output, 0, decoderInput, 1, output.length);
            logits = model.forward(new int[][] {this.source}, new int[][] {decoderInput}, null, null).dup();
            for (EncoderLayer l : model.encoder().layers().items()) {
                encoderSelf.add(l.selfAttention().lastAttentionWeights().dup());
            }
            for (DecoderLayer l : model.decoder().layers().items()) {
                decoderSelf.add(l.selfAttention().lastAttentionWeights().dup());
                cross.add(l.crossAttention().lastAttentionWeights().dup());
            }
        } finally {
            model.train(training);
        }
    }

    /** Decodes {@code source} (token ids) greedily with {@code cap} and keeps the attention of the output. */
    public static AttentionSnapshot of(Transformer model, Task task, int[] source, LengthCap cap) {
        return new AttentionSnapshot(model, task, null, source, cap);
    }

    /**
     * The snapshot of the first of {@code examples} whose source has {@code minTokens} to
     * {@code maxTokens} tokens (the first example if none has): a readable map, picked without
     * looking at the output.
     */
    public static AttentionSnapshot first(Transformer model, Task task, List<Example> examples, int minTokens,
                                          int maxTokens, LengthCap cap) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no examples to pick from");
        }
        Example pick = examples.get(0);
        for (Example e : examples) {
            int n = task.encodeSource(e.source()).length;
            if (n >= minTokens && n <= maxTokens) {
                pick = e;
                break;
            }
        }
        return new AttentionSnapshot(model, task, pick, task.encodeSource(pick.source()), cap);
    }

    /** The example the source came from, or null when it was given as ids. */
    public Example example() {
        return example;
    }

    /** The source ids. */
    public int[] source() {
        return source.clone();
    }

    /** The decoder's input ids: BOS and then the greedy output. */
    public int[] decoderInput() {
        return decoderInput.clone();
    }

    /** The logits of the teacher-forced pass, [1, output length + 1, target vocabulary]. */
    public INDArray logits() {
        return logits;
    }

    /** The source as tokens (the keys of cross-attention). */
    public List<String> sourceTokens() {
        return task.sourceVocabulary().decode(source);
    }

    /** The greedy output as target tokens (as scored: specials dropped). */
    public List<String> output() {
        return task.targetTokens(output);
    }

    /** The decoder's input tokens: {@code <bos>} and the output (the queries, by what each position reads). */
    public List<String> inputTokens() {
        return tokens(decoderInput);
    }

    /** What each decoder position predicted: the output and {@code <end>} (the queries, by what they produce). */
    public List<String> predictedTokens() {
        List<String> out = tokens(output);
        out.add("<end>");
        return out;
    }

    public List<INDArray> encoderSelf() {
        return List.copyOf(encoderSelf);
    }

    public List<INDArray> decoderSelf() {
        return List.copyOf(decoderSelf);
    }

    public List<INDArray> cross() {
        return List.copyOf(cross);
    }

    /** All heads of all layers, the three kinds stacked (encoder self, decoder self, cross). */
    public Stack maps() {
        return AttentionMaps.example(encoderSelf, decoderSelf, cross, 0, sourceTokens(), inputTokens());
    }

    /** The cross-attention of decoder layer {@code layer}, averaged over its heads: [output + 1][source]. */
    public double[][] crossMean(int layer) {
        INDArray w = cross.get(layer);
        int heads = (int) w.size(1);
        double[][] mean = null;
        for (int h = 0; h < heads; h++) {
            double[][] m = AttentionMaps.matrix(w, 0, h);
            if (mean == null) {
                mean = new double[m.length][m[0].length];
            }
            for (int q = 0; q < m.length; q++) {
                for (int k = 0; k < m[q].length; k++) {
                    mean[q][k] += m[q][k] / heads;
                }
            }
        }
        return mean;
    }

    /** The last layer's cross-attention, mean of heads, each row labelled with the token it predicted. */
    public HeatMap crossMap(String title) {
        return AttentionMaps.head(title, crossMean(cross.size() - 1), predictedTokens(), sourceTokens());
    }

    /**
     * At how many of the output steps (from the second on) the attended source position of the last
     * layer's mean cross-attention moves forward or stays (backwards by at most a quarter of a
     * position): a monotone, roughly diagonal alignment scores {@link #steps()}.
     */
    public int forwardSteps() {
        double[][] a = crossMean(cross.size() - 1);
        int n = 0;
        for (int q = 1; q < a.length; q++) {
            if (centre(a[q]) >= centre(a[q - 1]) - 0.25) {
                n++;
            }
        }
        return n;
    }

    /** Output steps that {@link #forwardSteps()} counts over: the output length (with END) minus one. */
    public int steps() {
        return decoderInput.length - 1;
    }

    /** One label a position, specials included (an untrained model may emit {@code <pad>}), so rows match. */
    private List<String> tokens(int[] ids) {
        List<String> out = new ArrayList<>(ids.length + 1);
        for (int id : ids) {
            out.add(task.targetVocabulary().token(id));
        }
        return out;
    }

    private static double centre(double[] row) {
        double c = 0;
        for (int k = 0; k < row.length; k++) {
            c += k * row[k];
        }
        return c;
    }

    @Override
    public String toString() {
        String s = (example == null ? task.decodeSource(source) : example.source()) + "  ->  " + String.join(" ", output());
        return example == null ? s : s + "  (reference: " + example.target() + ")";
    }
}
