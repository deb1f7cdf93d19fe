package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link ModelLayout} works out from a configuration what the modules register when built; this
 * builds the modules for every variant and compares, so the two cannot drift apart.
 */
class ModelLayoutTest {
    static List<TransformerConfig> variants() {
        TransformerConfig.Builder base = TransformerConfig.builder().dModel(8).heads(2).dFf(12).srcVocab(7)
                .tgtVocab(9).maxLen(10).dropout(0);
        List<TransformerConfig> out = new ArrayList<>();
        for (PositionEncoding p : PositionEncoding.values()) {
            out.add(base.position(p).relativeClip(3).encoderLayers(2).decoderLayers(1).build());
        }
        base.position(PositionEncoding.SINUSOIDAL);
        out.add(base.normType(NormType.BATCH).norm(NormPlacement.PRE).build());
        out.add(base.normType(NormType.LAYER).finalNorm(false).tieEmbeddings(true).srcVocab(9).build());
        out.add(base.finalNorm(true).tieEmbeddings(false).encoderLayers(0).lengthClasses(5).build());
        out.add(base.position(PositionEncoding.RELATIVE).normType(NormType.BATCH).layers(3).lengthClasses(0).build());
        // The paper's three-way sharing: one table stored under src_embed, tgt_embed and generator, held once.
        out.add(base.position(PositionEncoding.LEARNED).normType(NormType.LAYER).layers(1).srcVocab(9).tgtVocab(9)
                .tieAll(true).build());
        return out;
    }

    @Test
    void layoutIsWhatTheModulesRegister() {
        for (TransformerConfig c : variants()) {
            Transformer model = new Transformer(c, 1);
            Map<String, INDArray> actual = new LinkedHashMap<>();
            model.namedParameters().forEach((n, p) -> actual.put(n, p.value()));
            actual.putAll(model.namedBuffers());
            Map<String, ModelLayout.Entry> layout = ModelLayout.of(c);
            assertEquals(actual.keySet(), layout.keySet(), c.toString());
            actual.forEach((n, a) -> {
                assertArrayEquals(a.shape(), layout.get(n).shape(), n);
                assertEquals(a.dataType().isFPType(), layout.get(n).floating(), n);
            });
        }
    }

    @Test
    void valuesCountEveryArrayTheModelHoldsOnce() {
        for (TransformerConfig c : variants()) {
            Transformer model = new Transformer(c, 1);
            Map<INDArray, Boolean> distinct = new IdentityHashMap<>();
            model.parameters().forEach(p -> distinct.put(p.value(), true));
            model.namedBuffers().values().forEach(b -> distinct.put(b, true));
            double expected = distinct.keySet().stream().mapToDouble(INDArray::length).sum();
            if (c.position() == PositionEncoding.SINUSOIDAL) {
                expected += 2.0 * c.maxLen() * c.dModel(); // the two computed tables
            }
            assertEquals(expected, ModelLayout.values(c), 0, c.toString());
        }
    }

    @Test
    void largestTensorIsFound() {
        TransformerConfig c = TransformerConfig.builder().dModel(8).heads(2).dFf(100).vocab(7).maxLen(10).build();
        ModelLayout.Entry big = ModelLayout.largest(c);
        assertEquals("transformer.encoder.layers.0.linear1.weight", big.name());
        assertEquals(List.of("d_ff", "d_model"), big.keys());
        c = c.toBuilder().maxLen(1000).build();
        assertEquals("src_pos (sinusoidal table)", ModelLayout.largest(c).name());
    }

    @Test
    void sizesOverTheLimitsAreRefusedWithTheKeyTheLimitAndAnEstimate() {
        ModelSizeException e = assertThrows(ModelSizeException.class,
                () -> TransformerConfig.builder().dModel(1_000_000).heads(1).build());
        assertTrue(e.getMessage().startsWith("d_model 1,000,000 exceeds the limit of 65,536 (a model of these sizes"
                + " would hold about "), e.getMessage());
        assertTrue(e.getMessage().contains("TiB in float32"), e.getMessage());
        assertTrue(e.message(k -> "--" + k.replace('_', '-')).startsWith("--d-model 1,000,000 exceeds"), e.getMessage());

        e = assertThrows(ModelSizeException.class, () -> TransformerConfig.builder().encoderLayers(100_000).build());
        assertTrue(e.getMessage().startsWith("encoder_layers 100,000 exceeds the limit of 1,024"), e.getMessage());
        e = assertThrows(ModelSizeException.class, () -> TransformerConfig.builder().relativeClip(2_000_000_000).build());
        assertTrue(e.getMessage().startsWith("relative_clip 2,000,000,000 exceeds the limit of 65,536"), e.getMessage());
        // Each size within its limit, but one tensor too large: named, with the sizes it grows with.
        e = assertThrows(ModelSizeException.class,
                () -> TransformerConfig.builder().dModel(4096).dFf(65_536).build());
        assertTrue(e.getMessage().startsWith("tensor 'transformer.encoder.layers.0.linear1.weight' [65536, 4096] would"
                + " hold 268,435,456 values, more than the limit of 134,217,728 for one tensor; it grows with d_ff"
                + " 65,536, d_model 4,096"), e.getMessage());
        // Every tensor within its limit, but the whole model too large.
        e = assertThrows(ModelSizeException.class,
                () -> TransformerConfig.builder().dModel(4096).dFf(16_384).layers(64).build());
        assertTrue(e.getMessage().startsWith("a model of these sizes (d_model 4,096, d_ff 16,384, encoder_layers 64,"),
                e.getMessage());
        assertTrue(e.getMessage().contains("more than the limit of 1,073,741,824 values (4.00 GiB)"), e.getMessage());
        // Just under the limits is fine, and the paper's big model is far below them.
        TransformerConfig.builder().dModel(1024).heads(16).dFf(4096).layers(6).vocab(37_000).build();
    }

    @Test
    void bytesAreShownInBinaryUnits() {
        assertEquals("512 bytes", ModelLimits.bytes(512));
        assertEquals("1.50 KiB", ModelLimits.bytes(1536));
        assertEquals("4.00 GiB", ModelLimits.bytes(4.0 * (1L << 30)));
    }
}
