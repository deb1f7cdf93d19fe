package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FeedForwardTest {
    private final Init init = new Init(41, DataType.DOUBLE);

    private static TransformerConfig config(Activation a, double dropout) {
        return TransformerConfig.builder().dModel(6).heads(2).dFf(10).activation(a).dropout(dropout).build();
    }

    /** Random biases too, so that the activation sees both signs and is not centred on zero. */
    private FeedForward network(Activation a, double dropout) {
        FeedForward ff = new FeedForward(config(a, dropout), init);
        ff.linear1().bias().value().assign(init.normal(0.5, 10));
        ff.linear2().bias().value().assign(init.normal(0.5, 6));
        return ff;
    }

    @Test
    void reluGradientsMatchCentralDifferences() {
        FeedForward ff = network(Activation.RELU, 0);
        INDArray x = init.normal(1, 2, 3, 6);
        GradientCheck.of(() -> ff.forward(x))
                .backward(dy -> List.of(ff.backward(dy)))
                .input("x", x)
                .parameters(ff)
                .verify();
    }

    @Test
    void geluGradientsMatchCentralDifferences() {
        FeedForward ff = network(Activation.GELU, 0);
        INDArray x = init.normal(1, 2, 3, 6);
        GradientCheck.of(() -> ff.forward(x))
                .backward(dy -> List.of(ff.backward(dy)))
                .input("x", x)
                .parameters(ff)
                .verify();
    }

    @Test
    void gradientsWithDropoutInEvalModeMatchCentralDifferences() {
        FeedForward ff = network(Activation.GELU, 0.5);
        ff.train(false);
        INDArray x = init.normal(1, 2, 3, 6);
        GradientCheck.of(() -> ff.forward(x))
                .backward(dy -> List.of(ff.backward(dy)))
                .input("x", x)
                .parameters(ff)
                .verify();
    }

    @Test
    void geluIsTheExactErfVersionAsTorch() {
        // linear1 = identity on 6 features, linear2 = identity back: the output is gelu(x)
        TransformerConfig c = TransformerConfig.builder().dModel(6).heads(2).dFf(6)
                .activation(Activation.GELU).dropout(0).build();
        FeedForward ff = new FeedForward(c, init);
        ff.linear1().weight().value().assign(Nd4j.eye(6));
        ff.linear2().weight().value().assign(Nd4j.eye(6));
        INDArray x = Nd4j.create(new double[] {-3, -1, -0.2, 0, 0.5, 2}, new long[] {1, 1, 6}, DataType.DOUBLE);
        // torch.nn.functional.gelu(x) in float64 (torch 1.13)
        double[] torch = {-0.00404969409489031, -0.15865525393145702, -0.0841480581121794, 0.0,
            0.34573123063700656, 1.9544997361036416};
        INDArray y = ff.forward(x);
        for (int i = 0; i < 6; i++) {
            assertEquals(torch[i], y.getDouble(0, 0, i), 1e-14);
        }
    }

    @Test
    void childrenAreNamedAsPytorchEncoderLayer() {
        FeedForward ff = network(Activation.RELU, 0.1);
        assertEquals(List.of("linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias"),
                List.copyOf(ff.namedParameters().keySet()));
        assertArrayEquals(new long[] {10, 6}, ff.namedParameters().get("linear1.weight").shape());
        assertArrayEquals(new long[] {6, 10}, ff.namedParameters().get("linear2.weight").shape());
        Module layer = new Module() {
            {
                inline(new FeedForward(config(Activation.RELU, 0.1), init));
            }
        };
        assertTrue(layer.namedParameters().containsKey("linear2.bias"), layer.namedParameters().keySet().toString());
    }

    @Test
    void dropoutActsInTrainingOnlyAndIsSeeded() {
        INDArray x = init.normal(1, 4, 8, 6);
        FeedForward a = new FeedForward(config(Activation.RELU, 0.5), new Init(7, DataType.DOUBLE));
        FeedForward b = new FeedForward(config(Activation.RELU, 0.5), new Init(7, DataType.DOUBLE));
        INDArray ya = a.forward(x);
        assertEquals(ya, b.forward(x)); // same seed, same masks
        a.train(false);
        INDArray eval = a.forward(x);
        assertNotEquals(ya, eval);
        assertEquals(eval, a.forward(x)); // deterministic without dropout
    }

    @Test
    void wrongFeatureSizeIsRejected() {
        FeedForward ff = network(Activation.RELU, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ff.forward(init.zeros(2, 3, 5)));
        assertTrue(e.getMessage().contains("last dimension 6") && e.getMessage().contains("[2, 3, 5]"), e.getMessage());
    }
}
