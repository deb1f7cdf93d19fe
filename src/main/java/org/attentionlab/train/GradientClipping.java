package org.attentionlab.train;

import java.util.List;
import org.attentionlab.nn.Parameter;

/** Rescaling of all gradients together so that their joint L2 norm does not exceed a bound. */
public final class GradientClipping {
    private GradientClipping() {
    }

    /**
     * Scales every parameter's gradient by min(1, maxNorm / (norm + 1e-6)), where norm is the L2 norm
     * of all gradients concatenated, as {@code torch.nn.utils.clip_grad_norm_} does; the 1e-6 keeps
     * the division finite for a zero gradient.
     *
     * <p>A non-finite norm (a NaN or infinite gradient) is returned with the gradients left alone,
     * so that the caller can see it and skip the step; PyTorch would scale them by NaN or 0.
     *
     * @return the norm before clipping
     */
    public static double clipByGlobalNorm(List<Parameter> params, double maxNorm) {
        if (params == null) {
            throw new IllegalArgumentException("params is null");
        }
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("maxNorm must be positive, got " + maxNorm);
        }
        double sumSquares = 0;
        for (Parameter p : params) {
            double n = p.grad().norm2Number().doubleValue();
            sumSquares += n * n;
        }
        double norm = Math.sqrt(sumSquares);
        if (!Double.isFinite(norm)) {
            return norm;
        }
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1) {
            for (Parameter p : params) {
                p.grad().muli(coef);
            }
        }
        return norm;
    }
}
