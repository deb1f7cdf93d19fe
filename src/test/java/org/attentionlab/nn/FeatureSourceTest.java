package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The continuous source path: feature vectors [B, frames, F] through the input projection
 * {@code src_proj} in place of the source embedding. Its gradients against central differences
 * (PyTorch parity is in {@link ParityWithPyTorchTest}'s features_* fixtures), its configuration,
 * checkpoints, masks and errors.
 */
class FeatureSourceTest {
    static final int F = 5;
    static final int[][] TGT = {{1, 5, 6, 2}, {1, 3, 0, 0}};

    @TempDir
    Path dir;

    static TransformerConfig.Builder small() {
        return TransformerConfig.builder().dModel(8).heads(2).dFf(12).layers(2).tgtVocab(9).maxLen(16).dropout(0)
                .relativeClip(3).sourceFeatures(F);
    }

    /** Random features [2, 6, F] whose second row has 4 real frames and 2 padded frames of garbage. */
    static INDArray features(DataType type, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[2 * 6 * F];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        return Nd4j.create(v, new long[] {2, 6, F}, type);
    }

    static INDArray keep(DataType type) {
        return Nd4j.create(new double[][] {{1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 0, 0}}).castTo(type);
    }

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of("post-LN sinusoidal", small().build()),
                // one layer each below: what follows the projection is the token path, checked in TransformerTest
                Arguments.of("pre-LN gelu learned tied", small().layers(1).norm(NormPlacement.PRE)
                        .activation(Activation.GELU).position(PositionEncoding.LEARNED).tieEmbeddings(true).build()),
                Arguments.of("batchnorm without padding", small().layers(1).normType(NormType.BATCH).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void gradientsOfEveryParameterAndOfTheFeaturesMatchCentralDifferences(String label, TransformerConfig config) {
        Transformer model = new Transformer(config, new Init(11, DataType.DOUBLE));
        INDArray x = features(DataType.DOUBLE, 3);
        INDArray srcKeep = keep(DataType.DOUBLE);
        INDArray tgtKeep = Transformer.keepMask(TGT, 0, DataType.DOUBLE);
        GradientCheck.of(() -> model.forward(x, TGT, srcKeep, tgtKeep))
                .backward(dy -> {
                    model.backward(dy);
                    return List.of(model.featureGradient());
                })
                .input("features", x)
                .parameters(model)
                .samples(6)
                .verify();
    }

    @Test
    void projectionGradientIsCheckedEntryByEntry() {
        // Every entry of src_proj (weight [8, 5] and bias [8]), not a sample: the new layer in full.
        Transformer model = new Transformer(small().layers(1).build(), new Init(4, DataType.DOUBLE));
        INDArray x = features(DataType.DOUBLE, 8);
        INDArray srcKeep = keep(DataType.DOUBLE);
        GradientCheck.of(() -> model.forward(x, TGT, srcKeep, null))
                .backward(dy -> {
                    model.backward(dy);
                    return List.of();
                })
                .parameters(model.sourceProjection())
                .samples(48)
                .verify();
    }

    @Test
    void paddedFramesChangeNothingAndReceiveNoGradient() {
        Transformer model = new Transformer(small().build(), new Init(2, DataType.DOUBLE));
        INDArray x = features(DataType.DOUBLE, 5);
        INDArray srcKeep = keep(DataType.DOUBLE);
        INDArray logits = model.forward(x, TGT, srcKeep, null).dup();
        model.backward(Nd4j.onesLike(logits));
        INDArray padGrad = model.featureGradient().get(NDArrayIndex.point(1), NDArrayIndex.interval(4, 6),
                NDArrayIndex.all());
        assertEquals(0.0, padGrad.amaxNumber().doubleValue(), 0.0, "padded frames are never read");
        INDArray other = x.dup();
        other.get(NDArrayIndex.point(1), NDArrayIndex.interval(4, 6), NDArrayIndex.all()).assign(123.0);
        INDArray again = model.forward(other, TGT, srcKeep, null);
        assertEquals(0.0, again.sub(logits).amaxNumber().doubleValue(), 1e-12);
        // the unpadded row on its own gives its logits too
        INDArray alone = model.forward(x.get(NDArrayIndex.interval(1, 2), NDArrayIndex.interval(0, 4),
                NDArrayIndex.all()).dup(), new int[][] {TGT[1]}, null, null);
        INDArray row = logits.get(NDArrayIndex.interval(1, 2), NDArrayIndex.all(), NDArrayIndex.all());
        assertEquals(0.0, alone.sub(row).amaxNumber().doubleValue(), 1e-12);
    }

    @Test
    void projectionTakesTheEmbeddingsPlaceWithTorchNamesAndNoScale() {
        Transformer model = new Transformer(small().build(), new Init(1, DataType.DOUBLE));
        Map<String, Parameter> names = model.namedParameters();
        assertArrayEquals(new long[] {8, F}, names.get("src_proj.weight").shape());
        assertArrayEquals(new long[] {8}, names.get("src_proj.bias").shape());
        assertFalse(names.containsKey("src_embed.weight"));
        assertNull(model.sourceEmbedding());
        assertEquals(0, model.config().srcVocab());
        // With no encoder layer and no final norm, memory = W x + b + P: the projection is not scaled.
        Transformer bare = new Transformer(small().encoderLayers(0).finalNorm(false).build(),
                new Init(1, DataType.DOUBLE));
        bare.train(false);
        INDArray x = features(DataType.DOUBLE, 9);
        INDArray memory = bare.encode(x, null);
        Linear proj = bare.sourceProjection();
        INDArray expected = x.reshape(12, F).mmul(proj.weight().value().transpose())
                .addRowVector(proj.bias().value()).reshape(2, 6, 8)
                .add(new SinusoidalPositionEncoding(16, 8, DataType.DOUBLE).table(6).reshape(1, 6, 8));
        assertEquals(0.0, memory.sub(expected).amaxNumber().doubleValue(), 1e-12);
    }

    @Test
    void configurationIsValidatedAndRoundTripsThroughJson() {
        TransformerConfig c = small().build();
        assertTrue(c.hasFeatureSource());
        String json = ConfigJson.toJson(c);
        assertTrue(json.contains("\"source_features\":5") && json.contains("\"src_vocab\":0"), json);
        assertEquals(c, ConfigJson.fromJson(json));
        TransformerConfig tokens = small().sourceFeatures(0).build();
        assertEquals(1000, tokens.srcVocab(), "an unset source vocabulary of a token model keeps its default");
        assertFalse(ConfigJson.toJson(tokens).contains("source_features"), "token models' JSON is unchanged");

        IllegalArgumentException vocab = assertThrows(IllegalArgumentException.class,
                () -> small().srcVocab(30).build());
        assertTrue(vocab.getMessage().contains("src_vocab must be 0") && vocab.getMessage().contains("30"),
                vocab.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> small().sourceFeatures(-2).build());
        assertTrue(negative.getMessage().contains("source_features") && negative.getMessage().contains("-2"),
                negative.getMessage());
        IllegalArgumentException fromJson = assertThrows(IllegalArgumentException.class,
                () -> ConfigJson.fromJson(json.replace("\"source_features\":5", "\"source_features\":2.5")));
        assertTrue(fromJson.getMessage().contains("source_features"), fromJson.getMessage());
    }

    @Test
    void checkpointKeepsTheProjectionAndTheConfiguration() throws IOException {
        Transformer model = new Transformer(small().build(), 5);
        model.train(false);
        Path file = dir.resolve("features.safetensors");
        Checkpoint.save(model, file);
        Transformer loaded = Checkpoint.load(file);
        loaded.train(false);
        assertEquals(model.config(), loaded.config());
        assertEquals(model.sourceProjection().weight().value(), loaded.sourceProjection().weight().value());
        assertEquals(model.sourceProjection().bias().value(), loaded.sourceProjection().bias().value());
        INDArray x = features(DataType.FLOAT, 1);
        assertEquals(model.forward(x, TGT, keep(DataType.FLOAT), null), loaded.forward(x, TGT, keep(DataType.FLOAT), null));
    }

    @Test
    void wrongKindsAndShapesOfSourceAreNamed() {
        Transformer features = new Transformer(small().build(), 1);
        IllegalArgumentException ids = assertThrows(IllegalArgumentException.class,
                () -> features.forward(new int[][] {{1, 2}}, TGT, null, null));
        assertTrue(ids.getMessage().contains("feature vectors") && ids.getMessage().contains("not token ids"),
                ids.getMessage());
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                () -> features.encode(Nd4j.zeros(DataType.FLOAT, 2, 6, F + 1), null));
        assertTrue(width.getMessage().contains("source features") && width.getMessage().contains("" + F),
                width.getMessage());
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> features.encode(Nd4j.zeros(DataType.FLOAT, 6, F), null));
        assertTrue(rank.getMessage().contains("rank 3"), rank.getMessage());
        IllegalArgumentException mask = assertThrows(IllegalArgumentException.class,
                () -> features.encode(features(DataType.FLOAT, 1), Nd4j.ones(DataType.FLOAT, 2, 5)));
        assertTrue(mask.getMessage().contains("[2, 6]"), mask.getMessage());
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> features.encode(Nd4j.zeros(DataType.FLOAT, 1, 17, F), null));
        assertTrue(tooLong.getMessage().contains("max_len"), tooLong.getMessage());

        Transformer tokens = new Transformer(small().sourceFeatures(0).build(), 1);
        IllegalArgumentException vectors = assertThrows(IllegalArgumentException.class,
                () -> tokens.encode(features(DataType.FLOAT, 1), null));
        assertTrue(vectors.getMessage().contains("token ids"), vectors.getMessage());
    }
}
