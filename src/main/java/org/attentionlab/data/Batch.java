package org.attentionlab.data;

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
                    float[][] tgtMask) implements PaddedBatch {

    /** Number of pairs B. */
    @Override
    public int size() {
        return src.length;
    }

    /** Padded source length S. */
    @Override
    public int srcLength() {
        return src.length == 0 ? 0 : src[0].length;
    }

    /** Real source tokens (mask ones). */
    public int sourceTokens() {
        return PaddedBatch.count(srcMask);
    }
}
