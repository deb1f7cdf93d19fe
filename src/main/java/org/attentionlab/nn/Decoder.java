package org.attentionlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A stack of decoder blocks with an optional final norm ({@code torch.nn.TransformerDecoder}). */
public final class Decoder extends Module {
    private final ModuleList<DecoderLayer> layers;
    private final Norm finalNorm;
    private INDArray memoryGradient;

    public Decoder(TransformerConfig config, Init init) {
        this.layers = child("layers", new ModuleList<>());
        for (int i = 0; i < config.decoderLayers(); i++) {
            layers.add(new DecoderLayer(config, init));
        }
        this.finalNorm = config.finalNorm() ? child("norm", Norm.create(config, init)) : null;
    }

    public ModuleList<DecoderLayer> layers() {
        return layers;
    }

    /** The norm after the last layer (pre-LN's), or null. */
    Norm finalNormOrNull() {
        return finalNorm;
    }

    /** x [B,Tt,d] embedded target, memory [B,Ts,d] -> [B,Tt,d]. */
    public INDArray forward(INDArray x, INDArray memory, INDArray srcKeep, INDArray tgtKeep) {
        for (DecoderLayer layer : layers.items()) {
            x = layer.forward(x, memory, srcKeep, tgtKeep);
        }
        return finalNorm == null ? x : finalNorm.forward(x, tgtKeep);
    }

    /**
     * dy [B,Tt,d] -> d(embedded target); the memory's gradient, summed over layers, is then in
     * {@link #memoryGradient()}. Each layer's backward runs in a scope of its own
     * ({@link LayerScope}), so its temporaries are freed before the next layer's.
     */
    public INDArray backward(INDArray dy, long[] memoryShape) {
        if (finalNorm != null) {
            dy = finalNorm.backward(dy);
        }
        INDArray dMemory = org.nd4j.linalg.factory.Nd4j.zeros(dy.dataType(), memoryShape); // outside the layer scopes
        memoryGradient = dMemory;
        for (int i = layers.size() - 1; i >= 0; i--) {
            DecoderLayer layer = layers.get(i);
            INDArray g = dy;
            dy = LayerScope.run(() -> layer.backward(g, dMemory));
        }
        return dy;
    }

    /** Fresh caches, one per layer, for step-by-step decoding over {@code memory}. */
    public java.util.List<DecoderLayer.Caches> newCaches(INDArray memory, INDArray srcKeep) {
        java.util.List<DecoderLayer.Caches> caches = new java.util.ArrayList<>();
        for (DecoderLayer layer : layers.items()) {
            caches.add(layer.newCaches(memory, srcKeep));
        }
        return caches;
    }

    /** One decoding position through every layer: x [B,1,d] -> [B,1,d]. */
    public INDArray step(INDArray x, java.util.List<DecoderLayer.Caches> caches) {
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).step(x, caches.get(i));
        }
        return finalNorm == null ? x : finalNorm.forward(x, null);
    }

    /** d(loss)/d(memory) [B,Ts,d] from the last backward. */
    public INDArray memoryGradient() {
        return memoryGradient;
    }
}
