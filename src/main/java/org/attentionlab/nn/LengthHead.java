package org.attentionlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Predicts the target length from the encoder's output: the mean of the memory over the real
 * source positions, then a linear map to one logit per length class (class k = length k; the last
 * class also stands for every longer length).
 *
 * <p>Why a classifier and not a regression: decoding needs one integer, and a softmax over lengths
 * says how sure the model is (a flat distribution warns that the predicted length is a guess),
 * as in non-autoregressive translation (Gu et al. 2018). Why the mean: it is the simplest pooling
 * that does not depend on the padding, and its gradient spreads evenly over the positions.
 *
 * <p>Its parameters are named {@code weight} and {@code bias} directly under the head's name
 * ({@code length_head.weight [classes, d_model]}, {@code length_head.bias [classes]}), as a
 * PyTorch {@code nn.Linear} called {@code length_head} would name them.
 */
public final class LengthHead extends Module {
    private final Linear linear;
    private final int classes;
    private INDArray lastWeights; // [B,Ts,1]: keep[b,t] / n_b, what the pooling multiplied by
    private long[] lastShape;     // [B,Ts,d]

    public LengthHead(int dModel, int classes, Init init) {
        Checks.positive("length classes", classes);
        this.classes = classes;
        this.linear = inline(new Linear(dModel, classes, true, init));
    }

    public int classes() {
        return classes;
    }

    public Linear linear() {
        return linear;
    }

    /** Logits [B, classes] from memory [B,Ts,d] and a keep mask [B,Ts] (null: every position is real). */
    public INDArray forward(INDArray memory, INDArray srcKeep) {
        Checks.rank("memory", memory, 3);
        long b = memory.size(0);
        long ts = memory.size(1);
        INDArray keep = srcKeep == null ? Nd4j.ones(memory.dataType(), b, ts)
                : srcKeep.castTo(memory.dataType());
        Checks.shape("source keep mask", keep, b, ts);
        INDArray counts = keep.sum(true, 1);                       // [B,1]
        if (counts.minNumber().doubleValue() <= 0) {
            throw new IllegalArgumentException("every source needs at least one real position for the length head");
        }
        // w[b,t] = keep[b,t] / n_b, so pooled[b] = sum_t w[b,t] * memory[b,t,:]
        INDArray w = keep.divColumnVector(counts).reshape(b, ts, 1);  // [B,Ts,1]
        // [B,1,Ts] x [B,Ts,d] -> [B,1,d]: one batched product instead of a broadcast multiply and a sum.
        INDArray pooled = Nd4j.matmul(w.reshape(b, 1, ts), memory).reshape(b, memory.size(2)); // [B,d]
        lastWeights = w;
        lastShape = memory.shape();
        return linear.forward(pooled);
    }

    /** dL/dlogits [B, classes] -> dL/dmemory [B,Ts,d]; adds into the linear layer's gradients. */
    public INDArray backward(INDArray dLogits) {
        if (lastWeights == null) {
            throw new IllegalStateException("LengthHead.backward called before forward");
        }
        Checks.shape("length logits gradient", dLogits, lastShape[0], classes);
        INDArray dPooled = linear.backward(dLogits);                              // [B,d]
        // d memory[b,t,:] = w[b,t] * d pooled[b,:]: [B,Ts,1] x [B,1,d] -> [B,Ts,d]
        return Nd4j.matmul(lastWeights, dPooled.reshape(lastShape[0], 1, lastShape[2]));
    }
}
