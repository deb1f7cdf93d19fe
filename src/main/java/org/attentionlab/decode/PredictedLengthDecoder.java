package org.attentionlab.decode;

import java.util.Arrays;
import org.attentionlab.nn.IncrementalDecoder;
import org.attentionlab.nn.Rows;
import org.attentionlab.nn.Transformer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Greedy decoding that emits exactly a known number of tokens: the length the model's length head
 * predicts (the arg-max class), or lengths given by the caller (an oracle, a regressor).
 *
 * <p>The END token's logit is set to minus infinity at every step, so the decoder never stops
 * early; it stops because it has emitted the length it was told. This is the second strategy of the
 * lesson: the model decides the length once, from the whole source, before it writes a token,
 * instead of deciding at every step whether to stop. Decoding uses the KV cache.
 */
public final class PredictedLengthDecoder {
    private final int bos;
    private final int end;

    public PredictedLengthDecoder(int bos, int end) {
        this.bos = bos;
        this.end = end;
    }

    /** Decodes each source to exactly the length its length head predicts. */
    public int[][] decode(Transformer model, int[][] src, INDArray srcKeep) {
        return run(model, src, srcKeep, null);
    }

    /** Decodes source b to exactly {@code lengths[b]} tokens (no BOS, no END). */
    public int[][] decode(Transformer model, int[][] src, INDArray srcKeep, int[] lengths) {
        if (lengths == null || lengths.length != src.length) {
            throw new IllegalArgumentException("lengths needs one length per source: " + src.length + " sources, "
                    + (lengths == null ? "null" : lengths.length + " lengths"));
        }
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] < 0 || lengths[b] > model.config().maxLen()) {
                throw new IllegalArgumentException("lengths[" + b + "] must be in [0, max_len "
                        + model.config().maxLen() + "], got " + lengths[b]);
            }
        }
        return run(model, src, srcKeep, lengths);
    }

    /** The arg-max length class of each source under the model's length head. */
    public static int[] predictLengths(Transformer model, int[][] src, INDArray srcKeep) {
        boolean wasTraining = model.isTraining();
        model.train(false);
        try {
            return argMaxLengths(model, model.encode(src, srcKeep), srcKeep);
        } finally {
            model.train(wasTraining);
        }
    }

    private static int[] argMaxLengths(Transformer model, INDArray memory, INDArray srcKeep) {
        INDArray logits = model.predictLength(memory, srcKeep);   // [B, classes]
        return Nd4j.argMax(logits, 1).toIntVector();
    }

    private int[][] run(Transformer model, int[][] src, INDArray srcKeep, int[] given) {
        boolean wasTraining = model.isTraining();
        model.train(false);
        try {
            INDArray memory = model.encode(src, srcKeep);        // [B,Ts,d]
            int[] lengths = given != null ? given : argMaxLengths(model, memory, srcKeep);
            int batch = src.length;
            int steps = Arrays.stream(lengths).max().orElse(0);
            int[][] out = new int[batch][];
            for (int b = 0; b < batch; b++) {
                out[b] = new int[lengths[b]];
            }
            if (steps == 0) {
                return out;
            }
            IncrementalDecoder state = model.startDecoding(memory, srcKeep);
            int[] last = new int[batch];
            Arrays.fill(last, bos);
            for (int t = 0; t < steps; t++) {
                INDArray logits = state.step(last);              // [B,V]
                logits.get(NDArrayIndex.all(), NDArrayIndex.point(end)).assign(Double.NEGATIVE_INFINITY);
                int[] best = Rows.argmax(logits);
                for (int b = 0; b < batch; b++) {
                    if (t < lengths[b]) {
                        out[b][t] = best[b];
                        last[b] = best[b];
                    } else {
                        last[b] = end;                           // finished rows: fed, ignored
                    }
                }
            }
            state.close();       // the caches' native memory, now rather than at some later collection
            return out;
        } finally {
            model.train(wasTraining);
        }
    }
}
