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
        double[] m = new double[Math.toIntExact(x.length())];
        for (int i = 0; i < m.length; i++) {
            m[i] = random.nextDouble() < keep ? scale : 0;
        }
        lastMask = Nd4j.create(m, x.shape(), x.dataType());
        return x.mul(lastMask);
    }

    /** dy * mask, with the mask of the last forward. */
    public INDArray backward(INDArray dy) {
        return lastMask == null ? dy : dy.mul(lastMask);
    }
}
