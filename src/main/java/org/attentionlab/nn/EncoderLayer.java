package org.attentionlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One encoder block: self-attention then a feed-forward network, each wrapped in a residual
 * connection, dropout and a norm.
 *
 * <pre>
 * post-LN (the paper):  h = norm1(x + drop(attn(x)));      y = norm2(h + drop(ff(h)))
 * pre-LN:               h = x + drop(attn(norm1(x)));      y = h + drop(ff(norm2(h)))
 * </pre>
 * Names follow {@code torch.nn.TransformerEncoderLayer}: {@code self_attn}, {@code linear1},
 * {@code linear2}, {@code norm1}, {@code norm2}.
 */
public final class EncoderLayer extends Module {
    private final NormPlacement placement;
    private final MultiHeadAttention selfAttention;
    private final FeedForward feedForward;
    private final Norm norm1;
    private final Norm norm2;
    private final Dropout dropout1;
    private final Dropout dropout2;

    public EncoderLayer(TransformerConfig config, Init init) {
        this.placement = config.norm();
        this.selfAttention = child("self_attn", new MultiHeadAttention(config, true, init));
        this.feedForward = inline(new FeedForward(config, init));
        this.norm1 = child("norm1", Norm.create(config, init));
        this.norm2 = child("norm2", Norm.create(config, init));
        this.dropout1 = child("dropout1", new Dropout(config.dropout(), init.split()));
        this.dropout2 = child("dropout2", new Dropout(config.dropout(), init.split()));
    }

    public MultiHeadAttention selfAttention() {
        return selfAttention;
    }

    /** x [B,T,d], keep [B,T] (1 real, 0 padding) or null -> [B,T,d]. */
    public INDArray forward(INDArray x, INDArray keep) {
        if (placement == NormPlacement.POST) {
            // Residual sums are added in place into the sublayer's output, a fresh array nobody keeps.
            INDArray h = norm1.forward(dropout1.forward(selfAttention.forward(x, null, keep, false)).addi(x), keep);
            return norm2.forward(dropout2.forward(feedForward.forward(h)).addi(h), keep);
        }
        INDArray h = dropout1.forward(selfAttention.forward(norm1.forward(x, keep), null, keep, false)).addi(x);
        return dropout2.forward(feedForward.forward(norm2.forward(h, keep))).addi(h);
    }

    /** dy [B,T,d] -> dx [B,T,d]. */
    public INDArray backward(INDArray dy) {
        if (placement == NormPlacement.POST) {
            INDArray dh = norm2.backward(dy);                     // d(h + ff(h))
            dh.addi(feedForward.backward(dropout2.backward(dh)));
            INDArray ds = norm1.backward(dh);                     // d(x + attn(x))
            return selfAttention.backward(dropout1.backward(ds)).addi(ds);
        }
        INDArray dh = norm2.backward(feedForward.backward(dropout2.backward(dy))).addi(dy);
        return norm1.backward(selfAttention.backward(dropout1.backward(dh))).addi(dh);
    }
}
