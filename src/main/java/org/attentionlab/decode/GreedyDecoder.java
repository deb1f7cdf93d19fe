package org.attentionlab.decode;

import java.util.Arrays;
import org.attentionlab.nn.IncrementalDecoder;
import org.attentionlab.nn.Rows;
import org.attentionlab.nn.Transformer;
import org.attentionlab.nn.StepWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Greedy decoding: at every step take the most probable next token.
 *
 * <p>Two ways to compute the same thing: with the KV cache ({@link IncrementalDecoder}: each step
 * feeds one token and attends to cached keys and values), or without (each step re-runs the whole
 * decoder over the prefix, as {@code torch.nn.Transformer} must). They produce exactly the same
 * tokens; the cache only saves work, which the benchmark measures.
 */
public final class GreedyDecoder {
    private final int bos;
    private final int end;
    private final boolean useCache;

    public GreedyDecoder(int bos, int end, boolean useCache) {
        this.bos = bos;
        this.end = end;
        this.useCache = useCache;
    }

    /**
     * Decodes a batch of sources. {@code maxTokens[b]} caps sequence b's output length; output rows
     * hold the generated tokens without BOS and without the final END.
     */
    public int[][] decode(Transformer model, int[][] src, INDArray srcKeep, int[] maxTokens) {
        Decoding.requireCaps(src, maxTokens);
        return Decoding.inEvaluationMode(model, () -> search(model, model.encode(src, srcKeep), srcKeep, maxTokens));
    }

    /**
     * Decodes a batch of feature sequences [B, frames, F] (a model with {@code source_features} F);
     * {@code srcKeep} [B, frames] marks the real frames (null: all). As {@link #decode(Transformer,
     * int[][], INDArray, int[])} otherwise.
     */
    public int[][] decode(Transformer model, INDArray features, INDArray srcKeep, int[] maxTokens) {
        Decoding.requireFeatures(features);
        Decoding.requireCaps(features.size(0), maxTokens);
        return Decoding.inEvaluationMode(model, () -> search(model, model.encode(features, srcKeep), srcKeep,
                maxTokens));
    }

    /** Decodes one feature sequence [frames][F] with at most {@code maxTokens} output tokens. */
    public int[] decode(Transformer model, float[][] features, int maxTokens) {
        return decode(model, Decoding.oneSequence(features), null, new int[] {maxTokens})[0];
    }

    private int[][] search(Transformer model, INDArray memory, INDArray srcKeep, int[] maxTokens) {
        int steps = Arrays.stream(maxTokens).max().orElse(0);
        int batch = (int) memory.size(0);
        int[][] out = new int[batch][steps];
        int[] length = new int[batch];
        boolean[] done = new boolean[batch];
        int[] last = new int[batch];
        Arrays.fill(last, bos);
        IncrementalDecoder state = useCache ? model.startDecoding(memory, srcKeep) : null;
        int[][] prefix = new int[batch][0];
        for (int t = 0; t < steps; t++) {
            int[] best;
            // The step's temporaries live in a reused workspace; the memory and the KV caches
            // were made outside it (StepWorkspace).
            try (StepWorkspace.Scope ignored = StepWorkspace.open(StepWorkspace.DECODE)) {
                INDArray logits;
                if (useCache) {
                    logits = state.step(last);                                   // [B,V]
                } else {
                    prefix = append(prefix, last);
                    logits = model.decodeLast(prefix, memory, srcKeep, null);   // [B,V]
                }
                best = Rows.argmax(logits);
            }
            boolean allDone = true;
            for (int b = 0; b < batch; b++) {
                int token = best[b];
                if (!done[b]) {
                    if (token == end) {
                        done[b] = true;
                    } else {
                        out[b][length[b]++] = token;
                        if (length[b] >= maxTokens[b]) {
                            done[b] = true;
                        }
                    }
                }
                last[b] = done[b] ? end : token;
                allDone &= done[b];
            }
            if (allDone) {
                break;
            }
        }
        if (state != null) {
            state.close();       // the caches' native memory, now rather than at some later collection
        }
        for (int b = 0; b < batch; b++) {
            out[b] = Arrays.copyOf(out[b], length[b]);
        }
        return out;
    }

    /** Decodes one source sentence with an END-token cap. */
    public int[] decode(Transformer model, int[] src, LengthCap cap) {
        return decode(model, new int[][] {src}, null, new int[] {cap.maxTokens(src.length)})[0];
    }

    private static int[][] append(int[][] prefix, int[] next) {
        int[][] out = new int[prefix.length][];
        for (int b = 0; b < prefix.length; b++) {
            out[b] = Arrays.copyOf(prefix[b], prefix[b].length + 1);
            out[b][prefix[b].length] = next[b];
        }
        return out;
    }
}
