package org.attentionlab.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A padded batch of pairs, ready for teacher-forced training.
 *
 * <p>Row b holds pair {@code indices[b]} of the list the batch was made from. With T the longest
 * target in the batch, {@code tgtIn[b] = BOS t1 .. tn PAD..} and {@code tgtOut[b] = t1 .. tn END
 * PAD..}, both of length T + 1, so that position i of the decoder reads {@code tgtIn[b][i]} and is
 * trained to predict {@code tgtOut[b][i]}. Masks are 1 at real tokens and 0 at padding, the
 * convention of the model's {@code keyPadding [B, T]}; {@code tgtMask} covers both {@code tgtIn}
 * and {@code tgtOut}, and also marks the positions the loss counts.
 *
 * <p>A record of arrays: {@code equals} compares array identity, not contents.
 *
 * @param indices positions of the pairs in the list given to the {@link Batcher}, [B]
 * @param src     source ids, PAD-padded, [B, S]
 * @param tgtIn   decoder input ids, BOS + target, PAD-padded, [B, T + 1]
 * @param tgtOut  decoder output ids, target + END, PAD-padded, [B, T + 1]
 * @param srcMask 1 real / 0 pad over {@code src}, [B, S]
 * @param tgtMask 1 real / 0 pad over {@code tgtIn} and {@code tgtOut}, [B, T + 1]
 */
public record Batch(int[] indices, int[][] src, int[][] tgtIn, int[][] tgtOut, float[][] srcMask,
                    float[][] tgtMask) {

    /** Number of pairs B. */
    public int size() {
        return src.length;
    }

    /** Padded source length S. */
    public int srcLength() {
        return src.length == 0 ? 0 : src[0].length;
    }

    /** Padded decoder length T + 1. */
    public int tgtLength() {
        return tgtIn.length == 0 ? 0 : tgtIn[0].length;
    }

    /** Real source tokens (mask ones). */
    public int sourceTokens() {
        return count(srcMask);
    }

    /** Real decoder output tokens, END included: the number of terms in the loss. */
    public int targetTokens() {
        return count(tgtMask);
    }

    /** {@code srcMask} as a float32 INDArray [B, S], 1 = real, 0 = pad. */
    public INDArray srcKeyPadding() {
        return Nd4j.createFromArray(srcMask);
    }

    /** {@code tgtMask} as a float32 INDArray [B, T + 1], 1 = real, 0 = pad. */
    public INDArray tgtKeyPadding() {
        return Nd4j.createFromArray(tgtMask);
    }

    private static int count(float[][] mask) {
        int n = 0;
        for (float[] row : mask) {
            for (float v : row) {
                n += v != 0 ? 1 : 0;
            }
        }
        return n;
    }
}
