package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TransformerConfigTest {
    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void headsMustDivideModelWidth() {
        String m = error(() -> TransformerConfig.builder().dModel(10).heads(3).build());
        assertTrue(m.contains("d_model (10)") && m.contains("heads (3)"), m);
    }

    @Test
    void sizesMustBePositive() {
        assertTrue(error(() -> TransformerConfig.builder().dFf(0).build()).contains("d_ff must be positive, got 0"));
        assertTrue(error(() -> TransformerConfig.builder().tgtVocab(-1).build()).contains("tgt_vocab"));
        assertTrue(error(() -> TransformerConfig.builder().decoderLayers(0).build()).contains("decoder_layers"));
        assertTrue(error(() -> TransformerConfig.builder().encoderLayers(-1).build()).contains("encoder_layers"));
    }

    @Test
    void dropoutMustBeAProbability() {
        String m = error(() -> TransformerConfig.builder().dropout(1.0).build());
        assertTrue(m.contains("dropout") && m.contains("1.0"), m);
    }

    @Test
    void ropeNeedsEvenHeadWidth() {
        String m = error(() -> TransformerConfig.builder().dModel(12).heads(4).position(PositionEncoding.ROPE).build());
        assertTrue(m.contains("rope") && m.contains("3"), m);
    }

    @Test
    void unknownOptionNamesListTheChoices() {
        String m = error(() -> PositionEncoding.parse("position", "wavelet"));
        assertTrue(m.contains("position") && m.contains("wavelet") && m.contains("alibi"), m);
    }

    @Test
    void jsonRoundTripsEveryField() {
        TransformerConfig c = TransformerConfig.builder().dModel(24).heads(6).dFf(7).encoderLayers(0).decoderLayers(3)
                .srcVocab(5).tgtVocab(6).maxLen(9).dropout(0.25).norm(NormPlacement.PRE).normType(NormType.BATCH)
                .finalNorm(false).activation(Activation.GELU).position(PositionEncoding.ALIBI).relativeClip(4)
                .tieEmbeddings(true).layerNormEps(1e-6).batchNormExcludePadding(false).build();
        assertEquals(c, ConfigJson.fromJson(ConfigJson.toJson(c)));
        TransformerConfig all = c.toBuilder().srcVocab(6).tieAll(true).build();
        assertEquals(all, ConfigJson.fromJson(ConfigJson.toJson(all)));
        assertTrue(ConfigJson.toJson(all).contains("\"tie_source_embedding\":true"));
        assertTrue(!ConfigJson.toJson(c).contains("tie_source_embedding"), "written only when set");
    }

    @Test
    void tiedSourceEmbeddingIsCheckedInJson() {
        TransformerConfig all = TransformerConfig.builder().vocab(9).tieAll(true).build();
        String json = ConfigJson.toJson(all);
        String m = error(() -> ConfigJson.fromJson(json.replace("\"tie_source_embedding\":true",
                "\"tie_source_embedding\":\"yes\"")));
        assertTrue(m.contains("tie_source_embedding") && m.contains("true or false"), m);
        m = error(() -> ConfigJson.fromJson(json.replace("\"src_vocab\":9", "\"src_vocab\":8")));
        assertTrue(m.contains("tie_source_embedding needs one vocabulary") && m.contains("8") && m.contains("9"), m);
        m = error(() -> TransformerConfig.builder().tgtVocab(9).sourceFeatures(40).tieSourceEmbedding(true).build());
        assertTrue(m.contains("tie_source_embedding") && m.contains("feature vectors"), m);
    }

    @Test
    void jsonWithUnknownKeyIsRejectedByName() {
        String json = ConfigJson.toJson(TransformerConfig.builder().build()).replace("\"heads\"", "\"head_count\"");
        String m = error(() -> ConfigJson.fromJson(json));
        assertTrue(m.contains("head_count"), m);
    }

    @Test
    void jsonWithWrongTypeIsNamed() {
        String json = ConfigJson.toJson(TransformerConfig.builder().build()).replace("\"d_ff\":512", "\"d_ff\":\"big\"");
        String m = error(() -> ConfigJson.fromJson(json));
        assertTrue(m.contains("d_ff") && m.contains("integer"), m);
    }
}
