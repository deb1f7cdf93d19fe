package org.attentionlab.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A normalisation of the residual stream: LayerNorm (the paper's) or BatchNorm (for comparison).
 *
 * <p>Both take a {@code keep} mask because BatchNorm's statistics mix positions across the batch and
 * must be able to ignore padding; LayerNorm normalises each position on its own and ignores it.
 */
public abstract class Norm extends Module {
    protected final int d;
    protected final double eps;

    protected Norm(int d, double eps) {
        Checks.positive("normalized features", d);
        if (!(eps > 0)) {
            throw new IllegalArgumentException("eps must be positive, got " + eps);
        }
        this.d = d;
        this.eps = eps;
    }

    /** LAYER gives LayerNorm(d_model, eps); BATCH gives BatchNorm(d_model, eps, momentum 0.1, config's padding choice). */
    public static Norm create(TransformerConfig config, Init init) {
        switch (config.normType()) {
            case LAYER:
                return new LayerNorm(config.dModel(), config.layerNormEps(), init);
            case BATCH:
                return new BatchNorm(config.dModel(), config.layerNormEps(), 0.1,
                        config.batchNormExcludePadding(), init);
            default:
                throw new IllegalArgumentException("unknown norm type " + config.normType());
        }
    }

    public int features() {
        return d;
    }

    /** x [B, T, d]; keep [B, T] 1 = real token, 0 = padding, or null. */
    public abstract INDArray forward(INDArray x, INDArray keep);

    /** {@code forward(x, null)}: every position is real. */
    public final INDArray forward(INDArray x) {
        return forward(x, null);
    }

    /** dy [B, T, d] -> dx; adds into the weight and bias gradients. */
    public abstract INDArray backward(INDArray dy);

    /** The per-feature scale (PyTorch's "weight", gamma). */
    public abstract Parameter weight();

    /** The per-feature shift (PyTorch's "bias", beta). */
    public abstract Parameter bias();

    /** Checks that x has last dimension d. */
    protected final void checkInput(INDArray x) {
        Checks.lastDim(getClass().getSimpleName() + " input", x, d);
    }

    /**
     * The keep mask as flat doubles [rows] (nonzero = real), or null. Its shape must be x's without the
     * last axis: [B, T] for x [B, T, d].
     */
    protected static double[] keepMask(INDArray x, INDArray keep) {
        if (keep == null) {
            return null;
        }
        long[] expected = Arrays.copyOf(x.shape(), x.rank() - 1);
        if (!Arrays.equals(keep.shape(), expected)) {
            throw new IllegalArgumentException("keep mask must have shape " + Arrays.toString(expected)
                    + " for input " + Arrays.toString(x.shape()) + ", got " + Arrays.toString(keep.shape()));
        }
        INDArray k = keep.dataType() == DataType.DOUBLE ? keep : keep.castTo(DataType.DOUBLE);
        return k.dup('c').data().asDouble();
    }
}
