package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.attentionlab.train.LabelSmoothedCrossEntropy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class TransformerTest {
    static final int[][] SRC = {{3, 4, 5, 6, 0}, {7, 1, 2, 0, 0}};
    static final int[][] TGT = {{1, 5, 6, 2}, {1, 3, 0, 0}};

    static TransformerConfig.Builder small() {
        return TransformerConfig.builder().dModel(8).heads(2).dFf(12).layers(2).vocab(9).maxLen(16).dropout(0)
                .relativeClip(3);
    }

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of("post-LN layer sinusoidal", small().build()),
                Arguments.of("pre-LN gelu", small().norm(NormPlacement.PRE).activation(Activation.GELU).build()),
                Arguments.of("batchnorm", small().normType(NormType.BATCH).build()),
                Arguments.of("learned tied", small().position(PositionEncoding.LEARNED).tieEmbeddings(true).build()),
                Arguments.of("all three tied", small().tieAll(true).build()),
                Arguments.of("source and target embeddings tied", small().tieSourceEmbedding(true).build()),
                Arguments.of("relative", small().position(PositionEncoding.RELATIVE).build()),
                Arguments.of("rope no final norm", small().position(PositionEncoding.ROPE).finalNorm(false).build()),
                Arguments.of("alibi", small().position(PositionEncoding.ALIBI).build()),
                Arguments.of("none", small().position(PositionEncoding.NONE).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void wholeModelGradientsMatchCentralDifferences(String label, TransformerConfig config) {
        Transformer model = new Transformer(config, new Init(11, DataType.DOUBLE));
        INDArray srcKeep = model.keepMask(SRC, 0);
        INDArray tgtKeep = model.keepMask(TGT, 0);
        GradientCheck.of(() -> model.forward(SRC, TGT, srcKeep, tgtKeep))
                .backward(dy -> {
                    model.backward(dy);
                    return List.of();
                })
                .parameters(model)
                .samples(6)
                .verify();
    }

    @Test
    void sameSeedGivesBitIdenticalParametersAndLoss() {
        TransformerConfig config = small().dropout(0.1).build();
        double[] losses = new double[2];
        for (int run = 0; run < 2; run++) {
            Transformer model = new Transformer(config, 1234);
            LabelSmoothedCrossEntropy loss = new LabelSmoothedCrossEntropy(0.1, 0);
            losses[run] = loss.forward(model.forward(SRC, TGT, model.keepMask(SRC, 0), model.keepMask(TGT, 0)), TGT);
        }
        Map<String, Parameter> a = new Transformer(config, 1234).namedParameters();
        Map<String, Parameter> b = new Transformer(config, 1234).namedParameters();
        for (String name : a.keySet()) {
            assertEquals(a.get(name).value(), b.get(name).value(), name);
        }
        assertEquals(losses[0], losses[1], 0.0, "same seed, same loss (dropout on)");
        Transformer other = new Transformer(config, 99);
        assertTrue(!other.generator().weight().value().equals(a.get("generator.weight").value()),
                "a different seed must give different parameters");
    }

    @Test
    void namesFollowTorchTransformer() {
        Map<String, Parameter> names = new Transformer(small().build(), 1).namedParameters();
        for (String key : List.of("src_embed.weight", "tgt_embed.weight",
                "transformer.encoder.layers.0.self_attn.in_proj_weight",
                "transformer.encoder.layers.1.linear1.weight", "transformer.encoder.norm.weight",
                "transformer.decoder.layers.1.multihead_attn.out_proj.bias",
                "transformer.decoder.layers.0.norm3.bias", "transformer.decoder.norm.bias",
                "generator.weight", "generator.bias")) {
            assertTrue(names.containsKey(key), key + " missing from " + names.keySet());
        }
        assertArrayEquals(new long[] {24, 8}, names.get("transformer.encoder.layers.0.self_attn.in_proj_weight").shape());
    }

    @Test
    void tiedEmbeddingSharesOneParameter() {
        Transformer model = new Transformer(small().tieEmbeddings(true).build(), 1);
        assertTrue(model.generator().weight() == model.targetEmbedding().weight());
        Transformer untied = new Transformer(small().build(), 1);
        assertEquals(untied.parameters().size() - 1, model.parameters().size());
    }

    @Test
    void threeWayTyingSharesOneMatrixUnderThreeNames() {
        Transformer model = new Transformer(small().tieAll(true).build(), 1);
        Parameter table = model.sourceEmbedding().weight();
        assertTrue(model.targetEmbedding().weight() == table && model.generator().weight() == table);
        Map<String, Parameter> names = model.namedParameters();
        for (String key : List.of("src_embed.weight", "tgt_embed.weight", "generator.weight")) {
            assertTrue(names.get(key) == table, key + " must be the shared table");
        }
        Transformer untied = new Transformer(small().build(), 1);
        assertEquals(untied.parameters().size() - 2, model.parameters().size());
        assertEquals(untied.parameterCount() - 2L * 9 * 8, model.parameterCount());
    }

    @Test
    void tyingTheSourceEmbeddingNeedsOneVocabulary() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> small().srcVocab(9).tgtVocab(11).tieSourceEmbedding(true).build());
        assertTrue(e.getMessage().contains("src_vocab 9") && e.getMessage().contains("tgt_vocab 11"), e.getMessage());
    }

    @Test
    void logitsHaveTargetVocabularyShape() {
        Transformer model = new Transformer(small().tgtVocab(11).build(), 1);
        model.train(false);
        INDArray logits = model.forward(SRC, TGT, null, null);
        assertArrayEquals(new long[] {2, 4, 11}, logits.shape());
        assertEquals(DataType.FLOAT, logits.dataType());
    }

    @Test
    void tokenOutsideVocabularyIsNamed() {
        Transformer model = new Transformer(small().build(), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.forward(new int[][] {{1, 42}}, new int[][] {{1}}, null, null));
        assertTrue(e.getMessage().contains("42") && e.getMessage().contains("9"), e.getMessage());
    }

    @Test
    void maskOfWrongShapeIsNamed() {
        Transformer model = new Transformer(small().build(), 1);
        INDArray badMask = Transformer.keepMask(new int[][] {{1, 2, 3}}, 0, DataType.FLOAT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.forward(SRC, TGT, badMask, null));
        assertTrue(e.getMessage().contains("source keep mask") && e.getMessage().contains("[2, 5]"), e.getMessage());
    }

    @Test
    void raggedRowsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Transformer.keepMask(new int[][] {{1, 2}, {1}}, 0, DataType.FLOAT));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    }
}
