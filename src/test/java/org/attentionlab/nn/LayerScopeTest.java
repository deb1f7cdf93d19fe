package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inside a step's workspace every layer's backward pass runs in a workspace of its own that the
 * next layer reuses ({@link LayerScope}); outside any workspace (the gradient checks) it does not.
 * The two must give the same gradients bit for bit: a temporary freed too early, or the memory's
 * gradient summed into a scope that is reset, would show here.
 */
class LayerScopeTest {
    static Stream<Arguments> variants() {
        TransformerConfig.Builder b = TransformerTest.small().dropout(0.1);
        return Stream.of(
                Arguments.of("post-LN with dropout", b.build()),
                Arguments.of("pre-LN gelu", TransformerTest.small().dropout(0.1).norm(NormPlacement.PRE)
                        .activation(Activation.GELU).build()),
                Arguments.of("batchnorm", TransformerTest.small().normType(NormType.BATCH).build()),
                Arguments.of("relative", TransformerTest.small().position(PositionEncoding.RELATIVE).build()),
                Arguments.of("rope", TransformerTest.small().position(PositionEncoding.ROPE).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void scopedBackwardGivesTheUnscopedGradients(String label, TransformerConfig config) {
        Transformer model = new Transformer(config, new Init(5, DataType.FLOAT));
        INDArray srcKeep = model.keepMask(TransformerTest.SRC, 0);
        INDArray tgtKeep = model.keepMask(TransformerTest.TGT, 0);
        INDArray dLogits = Nd4j.rand(DataType.FLOAT, 2, 4, 9).subi(0.5);   // outside any workspace

        List<float[]> plain = gradients(model, srcKeep, tgtKeep, dLogits);
        List<float[]> scoped;
        try (StepWorkspace.Scope ignored = StepWorkspace.open("layer-scope-test")) {
            scoped = gradients(model, srcKeep, tgtKeep, dLogits);
        }
        assertTrue(StepWorkspace.size(StepWorkspace.LAYER) > 0, "the layers' backward passes ran in their workspace");
        List<String> names = new ArrayList<>(model.namedParameters().keySet());
        for (int i = 0; i < plain.size(); i++) {
            assertArrayEquals(plain.get(i), scoped.get(i), label + ": gradient of " + names.get(i));
        }
    }

    /** Every parameter's gradient after one forward and backward with fixed dropout masks. */
    private static List<float[]> gradients(Transformer model, INDArray srcKeep, INDArray tgtKeep, INDArray dLogits) {
        model.train(true);
        model.reseed(99);
        model.zeroGrad();
        model.forward(TransformerTest.SRC, TransformerTest.TGT, srcKeep, tgtKeep);
        model.backward(dLogits);
        List<float[]> out = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                out.add(e.getValue().grad().dup().data().asFloat());
            }
        }
        return out;
    }
}
