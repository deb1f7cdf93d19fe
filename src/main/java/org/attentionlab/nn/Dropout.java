package org.attentionlab.nn;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inverted dropout: in training, zero each element with probability p and scale the survivors by
 * 1/(1-p), so that evaluation needs no rescaling and is the identity.
 *
 * <p>Masks come from a Java {@link SplittableRandom} handed over at construction, so the same seed
 * gives the same masks on every run.
 */
public final class Dropout extends Module {
    private final double p;
    private SplittableRandom random;
    private INDArray lastMask; // null when the last forward was the identity
    private final double[] chunk = new double[4096];

    public Dropout(double p, SplittableRandom random) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + p);
        }
        this.p = p;
        this.random = random;
    }

    @Override
    protected void onReseed(long seed) {
        random = new SplittableRandom(seed);
    }

    public double probability() {
        return p;
    }

    /** Identity in evaluation mode or when p = 0; otherwise x * mask / (1 - p). */
    public INDArray forward(INDArray x) {
        if (!isTraining() || p == 0) {
            lastMask = null;
            return x;
        }
        double keep = 1 - p;
        double scale = 1 / keep;
        // The mask is written straight into ND4J memory (the step's workspace when one is open) a
        // chunk at a time: a mask-sized Java array per call was a third of a training step's heap
        // allocation, and the garbage let the heap, and resident memory, grow between collections.
        lastMask = Nd4j.createUninitialized(x.dataType(), x.shape());
        Flat out = Flat.of(lastMask);
        int n = Math.toIntExact(x.length());
        for (int from = 0; from < n; from += chunk.length) {
            int len = Math.min(chunk.length, n - from);
            for (int i = 0; i < len; i++) {
                chunk[i] = random.nextDouble() < keep ? scale : 0;
            }
            out.write(from, chunk, 0, len);
        }
        return x.mul(lastMask);
    }

    /** dy * mask, with the mask of the last forward. */
    public INDArray backward(INDArray dy) {
        return lastMask == null ? dy : dy.mul(lastMask);
    }
}
