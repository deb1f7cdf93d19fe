package org.attentionlab.lesson;

import java.util.ArrayList;
import java.util.List;
import org.attentionlab.data.Example;
import org.attentionlab.data.FeatureBatcher;
import org.attentionlab.data.FeaturePair;
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
 *
 * <p>The source is token ids ({@link #of}, {@link #first}) or, for a model with
 * {@code source_features}, a sequence of feature vectors such as a spoken word's log-mel frames
 * ({@link #ofFeatures}); then the source positions are frames, labelled by their index, and
 * {@link #crossMean} is the alignment of output characters over frames that Listen, Attend and
 * Spell draws over the spectrogram. In evaluation mode the teacher-forced pass computes exactly
 * what the cached greedy decoding computed step by step, so these are the weights it used.
 */
public final class AttentionSnapshot {
    private final Vocabulary targetVocabulary;
    private final Example example;
    private final int[] source;         // null for a feature source
    private final INDArray features;    // [1, frames, F]; null for a token source
    private final List<String> sourceLabels;
    private final String sourceText;
    private final int[] output;
    private final int[] decoderInput;
    private final INDArray logits;
    private final List<INDArray> encoderSelf = new ArrayList<>();
    private final List<INDArray> decoderSelf = new ArrayList<>();
    private final List<INDArray> cross = new ArrayList<>();

    private AttentionSnapshot(Transformer model, Vocabulary targetVocabulary, Example example, int[] source,
                              INDArray features, List<String> sourceLabels, String sourceText, int maxTokens) {
        this.targetVocabulary = targetVocabulary;
        this.example = example;
        this.source = source == null ? null : source.clone();
        this.features = features;
        this.sourceLabels = List.copyOf(sourceLabels);
        this.sourceText = sourceText;
        boolean training = model.isTraining();
        model.train(false);
        try {
            GreedyDecoder greedy = new GreedyDecoder(Vocabulary.BOS, Vocabulary.END, true);
            output = features == null
                    ? greedy.decode(model, new int[][] {this.source}, null, new int[] {maxTokens})[0]
                    : greedy.decode(model, features, null, new int[] {maxTokens})[0];
            decoderInput = new int[output.length + 1];
            decoderInput[0] = Vocabulary.BOS;
            System.arraycopy(output, 0, decoderInput, 1, output.length);
            int[][] in = {decoderInput};
            logits = (features == null ? model.forward(new int[][] {this.source}, in, null, null)
                    : model.forward(features, in, null, null)).dup();
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
        return new AttentionSnapshot(model, task.targetVocabulary(), null, source, null,
                task.sourceVocabulary().decode(source), task.decodeSource(source), cap.maxTokens(source.length));
    }

    /**
     * Decodes one feature sequence [frames][F] (a model with {@code source_features} F: a spoken
     * word's log-mel frames, say) greedily, with at most {@code maxTokens} output tokens, and keeps
     * the attention of the output. The source positions are labelled "0", "1", ... by frame.
     */
    public static AttentionSnapshot ofFeatures(Transformer model, Vocabulary targetVocabulary, float[][] features,
                                               int maxTokens) {
        if (!model.config().hasFeatureSource()) {
            throw new IllegalArgumentException("this model reads token ids, not feature vectors: use of(...)");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, got " + maxTokens);
        }
        INDArray x = FeatureBatcher.inOrder(List.of(new FeaturePair(features, new int[0])), 1).get(0).features();
        List<String> frames = new ArrayList<>(features.length);
        for (int t = 0; t < features.length; t++) {
            frames.add(Integer.toString(t));
        }
        return new AttentionSnapshot(model, targetVocabulary, null, null, x, frames, features.length + " frames",
                maxTokens);
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
        int[] source = task.encodeSource(pick.source());
        return new AttentionSnapshot(model, task.targetVocabulary(), pick, source, null,
                task.sourceVocabulary().decode(source), pick.source(), cap.maxTokens(source.length));
    }

    /** The example the source came from, or null when it was given as ids. */
    public Example example() {
        return example;
    }

    /** The source ids, or null for a feature source. */
    public int[] source() {
        return source == null ? null : source.clone();
    }

    /** The source feature vectors [1, frames, F], or null for a token source. */
    public INDArray features() {
        return features;
    }

    /** The decoder's input ids: BOS and then the greedy output. */
    public int[] decoderInput() {
        return decoderInput.clone();
    }

    /** The logits of the teacher-forced pass, [1, output length + 1, target vocabulary]. */
    public INDArray logits() {
        return logits;
    }

    /** The source as tokens, or frame numbers for a feature source (the keys of cross-attention). */
    public List<String> sourceTokens() {
        return sourceLabels;
    }

    /** The greedy output as target tokens (as scored: specials dropped). */
    public List<String> output() {
        return targetVocabulary.decode(output);
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
            out.add(targetVocabulary.token(id));
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
        String s = sourceText + "  ->  " + String.join(" ", output());
        return example == null ? s : s + "  (reference: " + example.target() + ")";
    }
}
