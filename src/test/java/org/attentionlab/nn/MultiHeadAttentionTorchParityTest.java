package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One forward against torch.nn.MultiheadAttention (float64), fixture written by
 * src/test/python/mha_fixture.py: same closed-form weights and inputs on both sides.
 */
class MultiHeadAttentionTorchParityTest {
    private static final int D = 8;
    private static final int B = 2;
    private static final int TQ = 4;
    private static final int TK = 5;

    private static INDArray fill(IntToDoubleFunction f, long... shape) {
        double[] v = new double[Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b))];
        for (int i = 0; i < v.length; i++) {
            v[i] = f.applyAsDouble(i);
        }
        return Nd4j.create(v, shape, DataType.DOUBLE);
    }

    private static MultiHeadAttention layer(boolean self) {
        TransformerConfig c = TransformerConfig.builder().dModel(D).heads(2).dropout(0).build();
        MultiHeadAttention m = new MultiHeadAttention(c, self, new Init(0, DataType.DOUBLE));
        m.inProjWeight().value().assign(fill(i -> 0.3 * Math.sin(0.7 * i + 0.1), 3 * D, D));
        m.inProjBias().value().assign(fill(i -> 0.05 * Math.cos(i), 3 * D));
        m.outProj().weight().value().assign(fill(i -> 0.25 * Math.cos(0.5 * i - 0.2), D, D));
        m.outProj().bias().value().assign(fill(i -> 0.02 * i - 0.05, D));
        m.train(false);
        return m;
    }

    private static Map<String, double[]> fixture() throws IOException {
        Map<String, double[]> out = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                MultiHeadAttentionTorchParityTest.class.getResourceAsStream("mha_fixture.txt"), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] parts = line.trim().split("\\s+");
                out.put(parts[0], Arrays.stream(parts, 1, parts.length).mapToDouble(Double::parseDouble).toArray());
            }
        }
        return out;
    }

    private static void assertClose(double[] expected, INDArray actual) {
        double[] a = actual.dup().data().asDouble();
        assertEquals(expected.length, a.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(expected[i], a[i], 1e-12, "entry " + i);
        }
    }

    @Test
    void matchesTorchMultiheadAttention() throws IOException {
        Map<String, double[]> expected = fixture();
        INDArray x = fill(i -> Math.sin(0.37 * i) + 0.1 * Math.cos(1.1 * i), B, TQ, D);
        INDArray mem = fill(i -> Math.cos(0.23 * i) - 0.2 * Math.sin(0.9 * i), B, TK, D);
        INDArray selfPad = Nd4j.create(new double[] {1, 1, 1, 1, 1, 1, 1, 0}, new long[] {B, TQ}, DataType.DOUBLE);
        INDArray memPad = Nd4j.create(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 0, 0}, new long[] {B, TK}, DataType.DOUBLE);
        assertClose(expected.get("self_causal_padded"), layer(true).forward(x, null, selfPad, true));
        assertClose(expected.get("cross_padded"), layer(false).forward(x, mem, memPad, false));
    }
}
