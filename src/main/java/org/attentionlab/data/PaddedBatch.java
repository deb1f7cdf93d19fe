package org.attentionlab.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What teacher-forced training needs of a padded batch, whatever its source is: the decoder's input
 * and output ids and the keep masks (1 real, 0 padding). {@link Batch} holds token ids as the source,
 * {@link FeatureBatch} feature vectors (speech frames); the trainer and the decoders read the source
 * of each kind, and everything else through this interface.
 */
public interface PaddedBatch {
    /** Positions of the rows' pairs in the list the batch was made from, [B]. */
    int[] indices();

    /** Decoder input ids, BOS + target, PAD-padded, [B, T + 1]. */
    int[][] tgtIn();

    /** Decoder output ids, target + END, PAD-padded, [B, T + 1]. */
    int[][] tgtOut();

    /** 1 real / 0 pad over the source positions (tokens or frames), [B, S]. */
    float[][] srcMask();

    /** 1 real / 0 pad over {@code tgtIn} and {@code tgtOut}, [B, T + 1]. */
    float[][] tgtMask();

    /** Number of pairs B. */
    default int size() {
        return tgtIn().length;
    }

    /** Padded source length S (tokens or frames). */
    default int srcLength() {
        return srcMask().length == 0 ? 0 : srcMask()[0].length;
    }

    /** Padded decoder length T + 1. */
    default int tgtLength() {
        return tgtIn().length == 0 ? 0 : tgtIn()[0].length;
    }

    /** Real decoder output tokens, END included: the number of terms in the loss. */
    default int targetTokens() {
        return count(tgtMask());
    }

    /** {@code srcMask} as a float32 INDArray [B, S], 1 = real, 0 = pad. */
    default INDArray srcKeyPadding() {
        return Nd4j.createFromArray(srcMask());
    }

    /** {@code tgtMask} as a float32 INDArray [B, T + 1], 1 = real, 0 = pad. */
    default INDArray tgtKeyPadding() {
        return Nd4j.createFromArray(tgtMask());
    }

    /** Non-zero entries of a mask. */
    static int count(float[][] mask) {
        int n = 0;
        for (float[] row : mask) {
            for (float v : row) {
                n += v != 0 ? 1 : 0;
            }
        }
        return n;
    }
}
