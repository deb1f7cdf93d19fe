package org.attentionlab.train;

import java.util.List;
import org.attentionlab.nn.Parameter;
import org.nd4j.linalg.api.blas.Level1;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Rescaling of all gradients together so that their joint L2 norm does not exceed a bound.
 *
 * <p>Sums of squares and the rescaling go through BLAS level-1 calls (dot, scal) on contiguous
 * gradients: they return a plain double with no result array, and measured about 1 microsecond a
 * call on small tensors against tens for {@code norm2Number()}, which matters for ~40 tensors a step.
 */
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
        double norm = globalNorm(params);
        if (!Double.isFinite(norm)) {
            return norm;
        }
        Level1 blas = Nd4j.getBlasWrapper().level1();
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1) {
            for (Parameter p : params) {
                INDArray g = p.grad();
                if (contiguous(g)) {
                    blas.scal(g.length(), coef, g);
                } else {
                    g.muli(coef);
                }
            }
        }
        return norm;
    }

    /** The L2 norm of all gradients concatenated, without changing them. */
    public static double globalNorm(List<Parameter> params) {
        if (params == null) {
            throw new IllegalArgumentException("params is null");
        }
        Level1 blas = Nd4j.getBlasWrapper().level1();
        double sumSquares = 0;
        for (Parameter p : params) {
            INDArray g = p.grad();
            if (contiguous(g)) {
                sumSquares += blas.dot(g.length(), 1.0, g, g);
            } else {
                double n = g.norm2Number().doubleValue();
                sumSquares += n * n;
            }
        }
        return Math.sqrt(sumSquares);
    }

    private static boolean contiguous(INDArray a) {
        return a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a) && (a.dataType() == DataType.FLOAT
                || a.dataType() == DataType.DOUBLE);
    }
}
