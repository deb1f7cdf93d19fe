package org.attentionlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A stack of encoder blocks with an optional final norm ({@code torch.nn.TransformerEncoder}). */
public final class Encoder extends Module {
    private final ModuleList<EncoderLayer> layers;
    private final Norm finalNorm;

    public Encoder(TransformerConfig config, Init init) {
        this.layers = child("layers", new ModuleList<>());
        for (int i = 0; i < config.encoderLayers(); i++) {
            layers.add(new EncoderLayer(config, init));
        }
        this.finalNorm = config.finalNorm() ? child("norm", Norm.create(config, init)) : null;
    }

    public ModuleList<EncoderLayer> layers() {
        return layers;
    }

    /** x [B,Ts,d] embedded source, keep [B,Ts] or null -> memory [B,Ts,d]. */
    public INDArray forward(INDArray x, INDArray keep) {
        for (EncoderLayer layer : layers.items()) {
            x = layer.forward(x, keep);
        }
        return finalNorm == null ? x : finalNorm.forward(x, keep);
    }

    /**
     * dMemory [B,Ts,d] -> d(embedded source) [B,Ts,d]. Each layer's backward runs in a scope of its
     * own ({@link LayerScope}), so its temporaries are freed before the next layer's.
     */
    public INDArray backward(INDArray dy) {
        if (finalNorm != null) {
            dy = finalNorm.backward(dy);
        }
        for (int i = layers.size() - 1; i >= 0; i--) {
            EncoderLayer layer = layers.get(i);
            INDArray g = dy;
            dy = LayerScope.run(() -> layer.backward(g));
        }
        return dy;
    }
}
