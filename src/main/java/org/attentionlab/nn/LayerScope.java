package org.attentionlab.nn;

import java.util.function.Supplier;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs one layer's backward pass in a workspace of its own, reset for the next layer, so that the
 * layer's temporaries (the attention's [B,H,Tq,Tk] score gradients, the feed-forward network's
 * [rows, d_ff] gradients, the projections' gradients) are freed as soon as the layer is done
 * instead of piling up until the training step ends. Only the layer's result, the gradient with
 * respect to its input ([B,T,d]), is copied out into the workspace that was current before.
 *
 * <p>Why: the step's workspace ({@link StepWorkspace}) frees nothing until the step ends, so it
 * held every forward activation <em>and</em> every backward temporary of every layer, about twice
 * what the step needs at once (PyTorch frees each temporary when its last user is done). With one
 * layer's temporaries alive at a time the step needs its activations plus the largest layer's
 * backward temporaries: measured in docs/benchmarks.md.
 *
 * <p>Nothing changes outside a workspace (gradient checks, notebooks calling backward by hand): the
 * layer runs as it is and its arrays are ordinary ones. {@code -Dattentionlab.layerScopes=false}
 * turns the scopes off, to measure what they save.
 */
final class LayerScope {
    private static final boolean ON = !"false".equals(System.getProperty("attentionlab.layerScopes"));

    private LayerScope() {
    }

    /**
     * {@code layer.get()} with its temporaries in the layer workspace when a workspace is open; the
     * result is then a copy in that outer workspace, valid as long as the outer workspace is.
     */
    static INDArray run(Supplier<INDArray> layer) {
        MemoryWorkspace outer = Nd4j.getMemoryManager().getCurrentWorkspace();
        if (!ON || outer == null || StepWorkspace.LAYER.equals(outer.getId())) {
            return layer.get();
        }
        try (StepWorkspace.Scope ignored = StepWorkspace.open(StepWorkspace.LAYER)) {
            return layer.get().leverageTo(outer.getId());
        }
    }
}
