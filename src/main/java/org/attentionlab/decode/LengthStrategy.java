package org.attentionlab.decode;

import java.util.function.ToIntFunction;
import org.attentionlab.nn.Transformer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A way of deciding how long an output is, as a decoder over a padded batch of sources. The
 * lesson's two strategies and the baseline are the factories below; {@link LengthReport} scores
 * any of them on the same pairs.
 */
public interface LengthStrategy {
    /** A short label for tables ("END + cap 1.0*n+8"). */
    String name();

    /**
     * Outputs (no BOS, no END) for the sources [B][Ts] with keep mask [B,Ts] (null: no padding).
     */
    int[][] decode(Transformer model, int[][] src, INDArray srcKeep);

    /** Decodes a batch with one cap per source: {@code GreedyDecoder::decode} and {@code BeamSearch::decode} fit. */
    @FunctionalInterface
    interface CappedDecoder {
        int[][] decode(Transformer model, int[][] src, INDArray srcKeep, int[] maxTokens);
    }

    /** {@code decoder} until END or {@code cap.maxTokens(real source length)} tokens, under {@code name}. */
    static LengthStrategy capped(String name, LengthCap cap, CappedDecoder decoder) {
        return new LengthStrategy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int[][] decode(Transformer model, int[][] src, INDArray srcKeep) {
                int[] caps = new int[src.length];
                for (int b = 0; b < src.length; b++) {
                    caps[b] = cap.maxTokens(realLength(src, srcKeep, b));
                }
                return decoder.decode(model, src, srcKeep, caps);
            }
        };
    }

    /** Greedy with the KV cache until END or {@code cap.maxTokens(real source length)} tokens. */
    static LengthStrategy endToken(LengthCap cap, int bos, int end) {
        return capped("END + cap " + cap.a() + "*n+" + cap.b(), cap, new GreedyDecoder(bos, end, true)::decode);
    }

    /** Exactly the arg-max length of the model's length head, END masked out. */
    static LengthStrategy lengthHead(int bos, int end) {
        PredictedLengthDecoder decoder = new PredictedLengthDecoder(bos, end);
        return new LengthStrategy() {
            @Override
            public String name() {
                return "length head";
            }

            @Override
            public int[][] decode(Transformer model, int[][] src, INDArray srcKeep) {
                return decoder.decode(model, src, srcKeep);
            }
        };
    }

    /**
     * Exactly the length {@code lengthOf} gives each unpadded source (a regressor, an oracle), END
     * masked out; lengths are clipped to [0, max_len].
     */
    static LengthStrategy givenLengths(String name, ToIntFunction<int[]> lengthOf, int bos, int end) {
        PredictedLengthDecoder decoder = new PredictedLengthDecoder(bos, end);
        return new LengthStrategy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int[][] decode(Transformer model, int[][] src, INDArray srcKeep) {
                int[] lengths = new int[src.length];
                for (int b = 0; b < src.length; b++) {
                    int n = lengthOf.applyAsInt(java.util.Arrays.copyOf(src[b], realLength(src, srcKeep, b)));
                    lengths[b] = Math.max(0, Math.min(model.config().maxLen(), n));
                }
                return decoder.decode(model, src, srcKeep, lengths);
            }
        };
    }

    /**
     * Real tokens of source row b: the keep mask's ones (padding comes last, as the batcher puts
     * it), or the whole row without a mask.
     */
    static int realLength(int[][] src, INDArray srcKeep, int b) {
        return srcKeep == null ? src[b].length : (int) Math.round(srcKeep.getRow(b).sumNumber().doubleValue());
    }
}
