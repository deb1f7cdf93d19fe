package org.attentionlab.train;

import org.attentionlab.data.PaddedBatch;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The length head's training signal: plain cross-entropy between the length logits [B, C] and
 * each sentence's target length (END not counted), lengths of C or more clipped to class C - 1.
 * The trainer multiplies its gradient by {@link TrainingConfig#lengthLossWeight()} and adds it to
 * the token loss's through the shared encoder.
 */
public final class LengthObjective {
    // One row of "time" per sentence: [B, C] logits are viewed as [B, 1, C]; no target is padding.
    private final LabelSmoothedCrossEntropy ce = new LabelSmoothedCrossEntropy(0, -1);
    private long[] shape;

    /** The length class of a target of {@code length} tokens for a head of {@code classes} classes. */
    public static int lengthClass(int length, int classes) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be 0 or more, got " + length);
        }
        return Math.min(length, classes - 1);
    }

    /** Target lengths (END not counted) of a batch's rows: the real positions of tgtOut minus its END. */
    public static int[] targetLengths(PaddedBatch batch) {
        int[] out = new int[batch.size()];
        for (int b = 0; b < out.length; b++) {
            int n = 0;
            for (float v : batch.tgtMask()[b]) {
                n += v != 0 ? 1 : 0;
            }
            out[b] = n - 1;
        }
        return out;
    }

    /** Mean cross-entropy over the rows of {@code logits} [B, C] against {@code lengths} [B]. */
    public double forward(INDArray logits, int[] lengths) {
        if (logits.rank() != 2 || logits.size(0) != lengths.length) {
            throw new IllegalArgumentException("length logits must be [" + lengths.length + ", classes], got "
                    + java.util.Arrays.toString(logits.shape()));
        }
        int classes = (int) logits.size(1);
        int[][] targets = new int[lengths.length][1];
        for (int b = 0; b < lengths.length; b++) {
            targets[b][0] = lengthClass(lengths[b], classes);
        }
        shape = logits.shape();
        return ce.forward(logits.reshape(shape[0], 1, shape[1]), targets);
    }

    /** d(mean cross-entropy)/d(logits) [B, C] of the last forward; owned by this object until the next forward. */
    public INDArray backward() {
        if (shape == null) {
            throw new IllegalStateException("LengthObjective.backward called before forward");
        }
        return ce.backward().reshape(shape);
    }
}
