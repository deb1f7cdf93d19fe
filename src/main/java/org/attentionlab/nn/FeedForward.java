package org.attentionlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The position-wise feed-forward network of the paper's section 3.3:
 * linear2(dropout(activation(linear1(x)))), in the order {@code torch.nn.TransformerEncoderLayer} uses.
 *
 * <p>Children "linear1" (d -> d_ff), "dropout" (no state) and "linear2" (d_ff -> d); an encoder layer
 * registers this module with {@code inline(...)} so that the names are {@code linear1.weight} etc.
 * directly under the layer, as in PyTorch. The dropout masks come from {@code init.split()}.
 *
 * <p>GELU is the exact one, x * Phi(x) with Phi(x) = (1 + erf(x / sqrt 2)) / 2, as
 * {@code torch.nn.functional.gelu} by default; ND4J's own GELU ops are approximations (sigmoid or tanh)
 * and would not match PyTorch, so it is built from ND4J's erf (float64-exact). Its derivative is
 * Phi(x) + x * exp(-x^2 / 2) / sqrt(2 pi).
 */
public final class FeedForward extends Module {
    private static final double INV_SQRT2 = 1 / Math.sqrt(2);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    private final Activation activation;
    private final Linear linear1;
    private final Linear linear2;
    private final Dropout dropout;
    private INDArray lastHidden; // [.., d_ff] linear1's output (GELU) or the ReLU's output (ReLU)
    private INDArray lastCdf; // [.., d_ff] Phi(hidden), GELU only

    public FeedForward(TransformerConfig config, Init init) {
        this.activation = config.activation();
        this.linear1 = child("linear1", new Linear(config.dModel(), config.dFf(), true, init));
        this.linear2 = child("linear2", new Linear(config.dFf(), config.dModel(), true, init));
        this.dropout = child("dropout", new Dropout(config.dropout(), init.split()));
    }

    public Linear linear1() {
        return linear1;
    }

    public Linear linear2() {
        return linear2;
    }

    public Activation activation() {
        return activation;
    }

    /** x [B, T, d] -> [B, T, d]. */
    public INDArray forward(INDArray x) {
        INDArray h = linear1.forward(x); // [B, T, d_ff]
        INDArray a;
        if (activation == Activation.RELU) {
            a = Transforms.relu(h, false); // in place: h is a fresh array, and relu(h) > 0 exactly where h > 0
            lastHidden = a;
            lastCdf = null;
        } else {
            INDArray cdf = Nd4j.exec(new Erf(h.mul(INV_SQRT2))).addi(1).muli(0.5); // Phi(h)
            a = h.mul(cdf);
            lastHidden = h;
            lastCdf = cdf;
        }
        return linear2.forward(dropout.forward(a));
    }

    /** dy [B, T, d] -> dx [B, T, d]; adds into both linears' gradients. */
    public INDArray backward(INDArray dy) {
        if (lastHidden == null) {
            throw new IllegalStateException("FeedForward.backward called before forward");
        }
        INDArray da = dropout.backward(linear2.backward(dy)); // [B, T, d_ff], a fresh array
        INDArray dh;
        if (activation == Activation.RELU) {
            dh = da.muli(Transforms.step(lastHidden)); // step: 1 where the output is > 0
        } else {
            // Phi(h) + h * pdf(h), pdf(h) = exp(-h^2/2) / sqrt(2 pi)
            INDArray deriv = Transforms.exp(lastHidden.mul(lastHidden).muli(-0.5), false)
                    .muli(lastHidden).muli(INV_SQRT_2PI).addi(lastCdf);
            dh = da.muli(deriv);
        }
        return linear1.backward(dh);
    }
}
