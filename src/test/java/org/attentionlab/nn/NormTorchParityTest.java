package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** LayerNorm and BatchNorm against values PyTorch 1.13 computed (norm_torch.py writes norm_torch.txt). */
class NormTorchParityTest {
    private static final Map<String, INDArray> TORCH = new HashMap<>();
    private final Init init = new Init(1, DataType.DOUBLE);

    @BeforeAll
    static void readFixture() throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                NormTorchParityTest.class.getResourceAsStream("norm_torch.txt"), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] parts = line.trim().split(" ");
                long[] shape = Arrays.stream(parts[1].split(",")).mapToLong(Long::parseLong).toArray();
                double[] values = Arrays.stream(parts, 2, parts.length).mapToDouble(Double::parseDouble).toArray();
                TORCH.put(parts[0], Nd4j.create(values, shape, DataType.DOUBLE));
            }
        }
    }

    private static void assertClose(String name, INDArray actual) {
        INDArray expected = TORCH.get(name);
        assertArrayEquals(expected.shape(), actual.shape(), name);
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertEquals(0, diff, 1e-12, name + " differs from PyTorch by " + diff);
    }

    private <N extends Norm> N withTorchAffine(N norm) {
        norm.weight().value().assign(TORCH.get("weight"));
        norm.bias().value().assign(TORCH.get("bias"));
        return norm;
    }

    @Test
    void layerNormMatchesTorch() {
        LayerNorm ln = withTorchAffine(new LayerNorm(4, 1e-5, init));
        assertClose("layer_norm", ln.forward(TORCH.get("x"), TORCH.get("keep")));
    }

    @Test
    void batchNormMatchesTorchInTrainingAndEval() {
        BatchNorm bn = withTorchAffine(new BatchNorm(4, 1e-5, 0.1, false, init));
        assertClose("batch_norm_train", bn.forward(TORCH.get("x"), TORCH.get("keep")));
        assertClose("batch_norm_running_mean", bn.runningMean());
        assertClose("batch_norm_running_var", bn.runningVar());
        bn.train(false);
        assertClose("batch_norm_eval", bn.forward(TORCH.get("x"), null));
    }

    @Test
    void batchNormExcludingPaddingMatchesTorchOnTheRealRows() {
        BatchNorm bn = withTorchAffine(new BatchNorm(4, 1e-5, 0.1, true, init));
        assertClose("batch_norm_masked_train", bn.forward(TORCH.get("x"), TORCH.get("keep")));
        assertClose("batch_norm_masked_running_mean", bn.runningMean());
        assertClose("batch_norm_masked_running_var", bn.runningVar());
    }
}
