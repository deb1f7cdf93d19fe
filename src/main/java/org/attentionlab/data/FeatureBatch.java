package org.attentionlab.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A padded batch of {@link FeaturePair}s: the source is feature vectors rather than token ids.
 *
 * <p>Row b holds pair {@code indices[b]}; with S the most frames in the batch, its frames fill
 * positions 0 .. frames_b - 1 of [B, S, F] and the rest is zeros, marked 0 in {@code srcMask}
 * (the model's source keep mask: attention never reads padded frames). The target side is that of
 * {@link Batch}: {@code tgtIn = BOS t1 .. tn PAD..}, {@code tgtOut = t1 .. tn END PAD..}.
 *
 * <p>The features are held as one flat float array (c order) and become an INDArray only when
 * {@link #features()} is called, so a batch costs no native memory while it waits in a list, and
 * the array made inside a training step lives in that step's workspace.
 *
 * @param indices       positions of the pairs in the list given to the {@link FeatureBatcher}, [B]
 * @param featureValues source features, zero-padded, [B * S * F] in c order
 * @param featureDim    F, the width of one feature vector
 * @param tgtIn         decoder input ids, BOS + target, PAD-padded, [B, T + 1]
 * @param tgtOut        decoder output ids, target + END, PAD-padded, [B, T + 1]
 * @param srcMask       1 real / 0 pad over the frames, [B, S]
 * @param tgtMask       1 real / 0 pad over {@code tgtIn} and {@code tgtOut}, [B, T + 1]
 */
public record FeatureBatch(int[] indices, float[] featureValues, int featureDim, int[][] tgtIn, int[][] tgtOut,
                           float[][] srcMask, float[][] tgtMask) implements PaddedBatch {
    public FeatureBatch {
        long expected = (long) srcMask.length * (srcMask.length == 0 ? 0 : srcMask[0].length) * featureDim;
        if (featureDim < 1 || featureValues.length != expected) {
            throw new IllegalArgumentException("feature batch: " + featureValues.length + " feature values for "
                    + srcMask.length + " rows of " + (srcMask.length == 0 ? 0 : srcMask[0].length)
                    + " frames of width " + featureDim);
        }
    }

    /** The source features as a float32 INDArray [B, S, F]. */
    public INDArray features() {
        return Nd4j.create(featureValues, new long[] {size(), srcLength(), featureDim}, 'c');
    }

    /** Real frames of each row, [B]. */
    public int[] frames() {
        int[] out = new int[srcMask.length];
        for (int b = 0; b < out.length; b++) {
            for (float v : srcMask[b]) {
                out[b] += v != 0 ? 1 : 0;
            }
        }
        return out;
    }
}
