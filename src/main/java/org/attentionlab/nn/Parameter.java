package org.attentionlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trainable tensor and the buffer its gradient accumulates into.
 *
 * <p>Backward passes <em>add</em> into {@link #grad()} rather than overwrite it, so that a parameter
 * used twice (the tied target embedding and output projection of the paper's section 3.4) receives
 * the sum of both contributions, and so that gradients can be accumulated over several batches.
 * The optimiser reads the gradient and {@link #zeroGrad()} clears it.
 */
public final class Parameter {
    private final INDArray value;
    private final INDArray grad;

    public Parameter(INDArray value) {
        this.value = value;
        this.grad = value.ulike().assign(0);
    }

    /** The parameter's values; updated in place by the optimiser and by checkpoint loading. */
    public INDArray value() {
        return value;
    }

    /** The accumulated gradient, same shape and type as {@link #value()}. */
    public INDArray grad() {
        return grad;
    }

    public void zeroGrad() {
        grad.assign(0);
    }

    public long[] shape() {
        return value.shape();
    }

    public long length() {
        return value.length();
    }
}
