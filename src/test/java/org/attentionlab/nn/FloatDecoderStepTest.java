package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link FloatDecoderStep} promises the logits of the layers' own steps, bit for bit: same BLAS
 * calls, same loops, same order of additions. Every parameter is drawn at random (biases and norm
 * parameters included, which start as zeros and ones) so that a missed bias or a swapped weight shows.
 */
class FloatDecoderStepTest {
    private static TransformerConfig.Builder config(NormPlacement placement) {
        return TransformerConfig.builder().dModel(16).heads(4).dFf(24).layers(2).srcVocab(11).tgtVocab(13)
                .maxLen(40).dropout(0).norm(placement).finalNorm(placement == NormPlacement.PRE);
    }

    private static Transformer model(TransformerConfig config) {
        Transformer m = new Transformer(config, new Init(5, DataType.FLOAT));
        Init noise = new Init(6, DataType.FLOAT);
        for (Parameter p : m.parameters()) {
            p.value().addi(noise.normal(0.2, p.value().shape()));
        }
        m.train(false);
        return m;
    }

    private static float[] floats(INDArray logits) {
        return logits.dup('c').reshape(logits.length()).toFloatVector();
    }

    @ParameterizedTest
    @EnumSource(NormPlacement.class)
    void logitsEqualTheLayersOwnStepsBitForBit(NormPlacement placement) {
        Transformer m = model(config(placement).build());
        assertTrue(FloatDecoderStep.supports(m));
        int[][] src = {{3, 4, 5, 6, 0, 0}, {7, 8, 9, 10, 2, 5}, {1, 2, 3, 0, 0, 0}};
        INDArray keep = m.keepMask(src, 0);
        INDArray memory = m.encode(src, keep);
        // 20 steps: the self-attention caches grow past their first capacity (16) on the way.
        try (IncrementalDecoder fused = new IncrementalDecoder(m, memory, keep, true);
                IncrementalDecoder layers = new IncrementalDecoder(m, memory, keep, false)) {
            int[] tokens = {1, 1, 1};
            for (int t = 0; t < 20; t++) {
                INDArray a = fused.step(tokens);
                INDArray b = layers.step(tokens);
                assertArrayEquals(floats(b), floats(a), 0f, "step " + t);
                if (t == 9) {   // as beam search does: rows continue other rows' sequences
                    int[] rows = {2, 0, 0};
                    fused.reorderRows(rows);
                    layers.reorderRows(rows);
                }
                for (int r = 0; r < tokens.length; r++) {
                    tokens[r] = (int) a.getRow(r).argMax().getInt(0);
                }
            }
        }
    }

    @Test
    void tiedEmbeddingsAndAGeneratorWithoutBiasAreCoveredToo() {
        Transformer m = model(config(NormPlacement.POST).vocab(13).tieAll(true).build());
        assertTrue(FloatDecoderStep.supports(m));
        int[][] src = {{3, 4, 5, 6}, {7, 8, 0, 0}};
        INDArray keep = m.keepMask(src, 0);
        INDArray memory = m.encode(src, keep);
        try (IncrementalDecoder fused = new IncrementalDecoder(m, memory, keep, true);
                IncrementalDecoder layers = new IncrementalDecoder(m, memory, keep, false)) {
            for (int t = 0; t < 5; t++) {
                int[] tokens = {t + 1, 12 - t};
                assertArrayEquals(floats(layers.step(tokens)), floats(fused.step(tokens)), 0f);
            }
        }
    }

    @Test
    void modelsItDoesNotCoverUseTheLayersSteps() {
        assertFalse(FloatDecoderStep.supports(model(config(NormPlacement.POST).position(PositionEncoding.ALIBI).build())));
        assertFalse(FloatDecoderStep.supports(model(config(NormPlacement.POST).position(PositionEncoding.ROPE).build())));
        assertFalse(FloatDecoderStep.supports(model(config(NormPlacement.POST).activation(Activation.GELU).build())));
        assertFalse(FloatDecoderStep.supports(model(config(NormPlacement.POST).normType(NormType.BATCH).build())));
        Transformer doubles = new Transformer(config(NormPlacement.POST).build(), new Init(5, DataType.DOUBLE));
        assertFalse(FloatDecoderStep.supports(doubles));
    }

    @Test
    void aClosedDecoderRefusesAnotherStep() {
        Transformer m = model(config(NormPlacement.POST).build());
        INDArray memory = m.encode(new int[][] {{3, 4}}, null);
        IncrementalDecoder d = new IncrementalDecoder(m, memory, null, true);
        d.step(new int[] {1});
        d.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.step(new int[] {2}));
        assertTrue(e.getMessage().contains("released"), e.getMessage());
    }
}
