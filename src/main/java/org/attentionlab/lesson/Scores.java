package org.attentionlab.lesson;

import java.util.ArrayList;
import java.util.List;
import org.attentionlab.data.Batch;
import org.attentionlab.data.Batcher;
import org.attentionlab.data.Example;
import org.attentionlab.data.Task;
import org.attentionlab.data.Vocabulary;
import org.attentionlab.decode.BeamSearch;
import org.attentionlab.decode.GreedyDecoder;
import org.attentionlab.decode.LengthCap;
import org.attentionlab.nn.Transformer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Free-running scores of a model on a split: every source decoded the way a user of the model would
 * decode it (no reference tokens fed in), the outputs compared with the references. The output
 * length is the END token's, capped at {@code 2 * source length + 10} tokens unless a cap is given,
 * and never past the model's {@code maxLen} positions. Subword (bpe) outputs and references are
 * scored as words ({@link Task#scoringTokens}).
 */
public final class Scores {
    /** The default cap: room for every built-in task's outputs. */
    public static final LengthCap DEFAULT_CAP = new LengthCap(2.0, 10);
    private static final int GREEDY_BATCH = 256;
    private static final int BEAM_BATCH = 64;

    /** Decodes a batch: {@code GreedyDecoder::decode} and {@code BeamSearch::decode} have this shape. */
    @FunctionalInterface
    public interface BatchDecoder {
        int[][] decode(Transformer model, int[][] src, INDArray srcKeep, int[] maxTokens);
    }

    private Scores() {
    }

    /** Greedy decoding with the KV cache. */
    public static Score greedy(Transformer model, Task task, List<Example> examples) {
        GreedyDecoder g = new GreedyDecoder(Vocabulary.BOS, Vocabulary.END, true);
        return decode("greedy", model, task, examples, g::decode, DEFAULT_CAP, GREEDY_BATCH);
    }

    /** Beam search with {@code beam} hypotheses and the length penalty ((5 + |Y|) / 6)^alpha of Wu et al. */
    public static Score beam(Transformer model, Task task, List<Example> examples, int beam, double alpha) {
        BeamSearch b = new BeamSearch(beam, alpha, Vocabulary.BOS, Vocabulary.END);
        return decode("beam " + beam + ", alpha " + alpha, model, task, examples, b::decode, DEFAULT_CAP, BEAM_BATCH);
    }

    /**
     * Decodes every example with {@code decoder} in batches of {@code batchSize} (in the order given)
     * and scores the outputs against the references.
     */
    public static Score decode(String method, Transformer model, Task task, List<Example> examples,
                               BatchDecoder decoder, LengthCap cap, int batchSize) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no examples to score");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        long started = System.nanoTime();
        List<List<String>> hypotheses = new ArrayList<>(java.util.Collections.nCopies(examples.size(), null));
        for (Batch batch : Batcher.inOrder(task.encode(examples), batchSize)) {
            INDArray keep = batch.srcKeyPadding();
            if (keep.dataType() != model.dataType()) {
                keep = keep.castTo(model.dataType());
            }
            int[] caps = new int[batch.size()];
            for (int b = 0; b < caps.length; b++) {
                int length = 0;
                for (float m : batch.srcMask()[b]) {
                    length += m != 0 ? 1 : 0;
                }
                caps[b] = Math.min(cap.maxTokens(length), model.config().maxLen());
            }
            int[][] out = decoder.decode(model, batch.src(), keep, caps);
            for (int b = 0; b < out.length; b++) {
                hypotheses.set(batch.indices()[b], task.scoringTokens(task.targetTokens(out[b])));
            }
        }
        List<List<String>> references = new ArrayList<>(examples.size());
        for (Example e : examples) {
            references.add(task.scoringTokens(task.targetTokenizer().tokenize(e.target())));
        }
        return new Score(method, task, examples, references, hypotheses, (System.nanoTime() - started) / 1e9);
    }
}
