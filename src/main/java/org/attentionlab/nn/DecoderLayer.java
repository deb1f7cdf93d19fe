package org.attentionlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One decoder block: masked self-attention, cross-attention over the encoder's output (the
 * "memory"), and a feed-forward network, each with a residual connection, dropout and a norm.
 *
 * <pre>
 * post-LN:  h1 = norm1(x + drop(self(x)));  h2 = norm2(h1 + drop(cross(h1, m)));  y = norm3(h2 + drop(ff(h2)))
 * pre-LN:   h1 = x + drop(self(norm1(x)));  h2 = h1 + drop(cross(norm2(h1), m));  y = h2 + drop(ff(norm3(h2)))
 * </pre>
 * Names follow {@code torch.nn.TransformerDecoderLayer}: {@code self_attn}, {@code multihead_attn},
 * {@code linear1}, {@code linear2}, {@code norm1..3}.
 */
public final class DecoderLayer extends Module {
    private final NormPlacement placement;
    private final MultiHeadAttention selfAttention;
    private final MultiHeadAttention crossAttention;
    private final FeedForward feedForward;
    private final Norm norm1;
    private final Norm norm2;
    private final Norm norm3;
    private final Dropout dropout1;
    private final Dropout dropout2;
    private final Dropout dropout3;

    public DecoderLayer(TransformerConfig config, Init init) {
        this.placement = config.norm();
        this.selfAttention = child("self_attn", new MultiHeadAttention(config, true, init));
        this.crossAttention = child("multihead_attn", new MultiHeadAttention(config, false, init));
        this.feedForward = inline(new FeedForward(config, init));
        this.norm1 = child("norm1", Norm.create(config, init));
        this.norm2 = child("norm2", Norm.create(config, init));
        this.norm3 = child("norm3", Norm.create(config, init));
        this.dropout1 = child("dropout1", new Dropout(config.dropout(), init.split()));
        this.dropout2 = child("dropout2", new Dropout(config.dropout(), init.split()));
        this.dropout3 = child("dropout3", new Dropout(config.dropout(), init.split()));
    }

    public MultiHeadAttention selfAttention() {
        return selfAttention;
    }

    public MultiHeadAttention crossAttention() {
        return crossAttention;
    }

    FeedForward feedForward() {
        return feedForward;
    }

    Norm norm1() {
        return norm1;
    }

    Norm norm2() {
        return norm2;
    }

    Norm norm3() {
        return norm3;
    }

    /**
     * x [B,Tt,d] target stream, memory [B,Ts,d], tgtKeep [B,Tt] and srcKeep [B,Ts] (1 real, 0 pad,
     * or null). Self-attention is causal: position i sees targets 0..i only.
     */
    public INDArray forward(INDArray x, INDArray memory, INDArray srcKeep, INDArray tgtKeep) {
        if (placement == NormPlacement.POST) {
            // Residual sums are added in place into the sublayer's output, a fresh array nobody keeps.
            INDArray h1 = norm1.forward(dropout1.forward(selfAttention.forward(x, null, tgtKeep, true)).addi(x), tgtKeep);
            INDArray h2 = norm2.forward(
                    dropout2.forward(crossAttention.forward(h1, memory, srcKeep, false)).addi(h1), tgtKeep);
            return norm3.forward(dropout3.forward(feedForward.forward(h2)).addi(h2), tgtKeep);
        }
        INDArray h1 = dropout1.forward(selfAttention.forward(norm1.forward(x, tgtKeep), null, tgtKeep, true)).addi(x);
        INDArray h2 = dropout2.forward(
                crossAttention.forward(norm2.forward(h1, tgtKeep), memory, srcKeep, false)).addi(h1);
        return dropout3.forward(feedForward.forward(norm3.forward(h2, tgtKeep))).addi(h2);
    }

    /** Per-layer caches for step-by-step decoding: this layer's past keys/values and the memory's. */
    public record Caches(KeyValueCache self, KeyValueCache cross) {
    }

    /** Caches for decoding over {@code memory} [B,Ts,d]; the memory's keys and values are projected once, here. */
    public Caches newCaches(INDArray memory, INDArray srcKeep) {
        return new Caches(selfAttention.newCache(null, null), crossAttention.newCache(memory, srcKeep));
    }

    /**
     * One decoding position, inference only: x [B,1,d] -> [B,1,d]. The same arithmetic as
     * {@link #forward} at the newest position, with past keys and values taken from the cache
     * instead of being recomputed.
     */
    public INDArray step(INDArray x, Caches caches) {
        // The residual sums as Java loops (Flat.addInPlace): an ND4J op's fixed cost was a tenth of a
        // cached decoding step at the reference size (JFR, docs/benchmarks.md "Fifth pass").
        if (placement == NormPlacement.POST) {
            INDArray h1 = norm1.forward(Flat.addInPlace(selfAttention.step(x, caches.self()), x), null);
            INDArray h2 = norm2.forward(Flat.addInPlace(crossAttention.step(h1, caches.cross()), h1), null);
            return norm3.forward(Flat.addInPlace(feedForward.forward(h2), h2), null);
        }
        INDArray h1 = Flat.addInPlace(selfAttention.step(norm1.forward(x, null), caches.self()), x);
        INDArray h2 = Flat.addInPlace(crossAttention.step(norm2.forward(h1, null), caches.cross()), h1);
        return Flat.addInPlace(feedForward.forward(norm3.forward(h2, null)), h2);
    }

    /**
     * dy [B,Tt,d] -> dx [B,Tt,d]; the gradient with respect to the memory is added into
     * {@code dMemory} [B,Ts,d], which the decoder sums over its layers.
     */
    public INDArray backward(INDArray dy, INDArray dMemory) {
        if (placement == NormPlacement.POST) {
            INDArray dh2 = norm3.backward(dy);
            dh2.addi(feedForward.backward(dropout3.backward(dh2)));
            INDArray dh1 = norm2.backward(dh2);
            dh1.addi(crossAttention.backward(dropout2.backward(dh1)));
            dMemory.addi(crossAttention.memoryGradient());
            INDArray ds = norm1.backward(dh1);
            return selfAttention.backward(dropout1.backward(ds)).addi(ds);
        }
        INDArray dh2 = norm3.backward(feedForward.backward(dropout3.backward(dy))).addi(dy);
        INDArray dh1 = norm2.backward(crossAttention.backward(dropout2.backward(dh2))).addi(dh2);
        dMemory.addi(crossAttention.memoryGradient());
        return norm1.backward(selfAttention.backward(dropout1.backward(dh1))).addi(dh1);
    }
}
