package org.attentionlab.lesson;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.attentionlab.data.Batch;
import org.attentionlab.data.Batcher;
import org.attentionlab.data.EncodedPair;
import org.attentionlab.data.Vocabulary;
import org.attentionlab.nn.Parameter;
import org.attentionlab.nn.Transformer;
import org.attentionlab.nn.TransformerConfig;
import org.attentionlab.train.LabelSmoothedCrossEntropy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Measurements of how a trained model's normalisation reacts to things a sequence model should not
 * care about: the batch a sentence sits in, extra padding, the train/eval switch and tokens after a
 * position. "Batch statistics" runs the model in training mode (BatchNorm normalises with the batch's
 * statistics); otherwise in evaluation mode (running statistics). Every measurement saves the model's
 * buffers (BatchNorm's running statistics) first and restores them after, so the model stays as it was.
 */
public final class NormProbes {
    /** Ids below this are special tokens (PAD, BOS, END, UNK); the others are ordinary symbols. */
    private static final int FIRST_SYMBOL = 4;

    private NormProbes() {
    }

    /**
     * Teacher-forced loss per target token (cross-entropy, no label smoothing) of {@code model} on
     * {@code pairs}, taken in order in batches of {@code batchSize}, each with {@code extraPadding}
     * more padded columns on both sides.
     */
    public static double loss(Transformer model, List<EncodedPair> pairs, int batchSize, boolean batchStats,
                              int extraPadding) {
        LabelSmoothedCrossEntropy xent = new LabelSmoothedCrossEntropy(0, Vocabulary.PAD);
        return withStatistics(model, batchStats, () -> {
            double sum = 0;
            long tokens = 0;
            for (Batch b0 : Batcher.inOrder(pairs, batchSize)) {
                Batch b = padded(b0, extraPadding);
                INDArray logits = model.forward(b.src(), b.tgtIn(), b.srcKeyPadding(), b.tgtKeyPadding());
                sum += xent.forward(logits, b.tgtOut()) * xent.lastTokenCount();
                tokens += xent.lastTokenCount();
            }
            return sum / tokens;
        });
    }

    /**
     * How far information from the future reaches past the causal mask: the sentences of
     * {@code pairs} form one batch; only the last decoder input of each is changed (to the next
     * ordinary symbol of the model's target vocabulary) and the largest change of the logits at the
     * positions before it is returned. 0 means no leak.
     */
    public static double futureLeak(Transformer model, List<EncodedPair> pairs, boolean batchStats) {
        Batch b = Batcher.inOrder(pairs, pairs.size()).get(0);
        int symbols = model.config().tgtVocab() - FIRST_SYMBOL;
        int[][] changed = new int[b.size()][];
        int[] last = new int[b.size()];
        for (int i = 0; i < b.size(); i++) {
            changed[i] = b.tgtIn()[i].clone();
            for (int t = 0; t < changed[i].length; t++) {
                if (b.tgtMask()[i][t] != 0) {
                    last[i] = t;
                }
            }
            int old = changed[i][last[i]];
            changed[i][last[i]] = FIRST_SYMBOL + (old - FIRST_SYMBOL + 1) % symbols;
        }
        INDArray[] out = withStatistics(model, batchStats, () -> new INDArray[] {
            model.forward(b.src(), b.tgtIn(), b.srcKeyPadding(), b.tgtKeyPadding()).dup(),
            model.forward(b.src(), changed, b.srcKeyPadding(), b.tgtKeyPadding()).dup()});
        double leak = 0;
        for (int i = 0; i < b.size(); i++) {
            if (last[i] == 0) {
                continue;
            }
            var p = NDArrayIndex.point(i);
            var earlier = NDArrayIndex.interval(0, last[i]);
            INDArray before = out[0].get(p, earlier, NDArrayIndex.all());
            INDArray after = out[1].get(p, earlier, NDArrayIndex.all());
            leak = Math.max(leak, Transforms.abs(before.sub(after)).maxNumber().doubleValue());
        }
        return leak;
    }

    /**
     * A model built from {@code config} holding {@code trained}'s weights and buffers (BatchNorm's
     * running statistics): the same trained network under another setting that changes no shape,
     * such as {@code batchNormExcludePadding(false)}.
     */
    public static Transformer rebuilt(Transformer trained, TransformerConfig config) {
        Transformer m = new Transformer(config, 1);
        Map<String, Parameter> from = trained.namedParameters();
        m.namedParameters().forEach((k, p) -> p.value().assign(from.get(k).value()));
        m.namedBuffers().forEach((k, v) -> v.assign(trained.namedBuffers().get(k)));
        m.train(false);
        return m;
    }

    /** {@code b} with {@code extra} more columns on the source and target sides: token PAD (0), mask 0. */
    public static Batch padded(Batch b, int extra) {
        if (extra < 0) {
            throw new IllegalArgumentException("extra padding must be at least 0, got " + extra);
        }
        int n = b.size();
        int s = b.srcLength() + extra;
        int t = b.tgtLength() + extra;
        int[][] src = new int[n][];
        int[][] tin = new int[n][];
        int[][] tout = new int[n][];
        float[][] sm = new float[n][];
        float[][] tm = new float[n][];
        for (int i = 0; i < n; i++) {
            src[i] = Arrays.copyOf(b.src()[i], s);
            sm[i] = Arrays.copyOf(b.srcMask()[i], s);
            tin[i] = Arrays.copyOf(b.tgtIn()[i], t);
            tout[i] = Arrays.copyOf(b.tgtOut()[i], t);
            tm[i] = Arrays.copyOf(b.tgtMask()[i], t);
        }
        return new Batch(b.indices(), src, tin, tout, sm, tm);
    }

    /** Runs {@code measure} in training mode (batch statistics) or evaluation mode, restoring the buffers after. */
    static <T> T withStatistics(Transformer model, boolean batchStats, Supplier<T> measure) {
        Map<String, INDArray> saved = new HashMap<>();
        model.namedBuffers().forEach((k, v) -> saved.put(k, v.dup()));
        model.train(batchStats);
        try {
            return measure.get();
        } finally {
            model.namedBuffers().forEach((k, v) -> v.assign(saved.get(k)));
            model.train(false);
        }
    }
}
