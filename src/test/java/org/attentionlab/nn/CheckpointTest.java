package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.attentionlab.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class CheckpointTest {
    @TempDir
    Path dir;

    static TransformerConfig config() {
        return TransformerConfig.builder().dModel(8).heads(2).dFf(12).layers(1).vocab(7).maxLen(10).dropout(0)
                .normType(NormType.BATCH).build();
    }

    @Test
    void saveThenLoadGivesTheSameTensorsAndLogits() throws IOException {
        Transformer model = new Transformer(config(), 5);
        model.train(false);
        Path file = dir.resolve("m.safetensors");
        Checkpoint.save(model, file);
        Transformer loaded = Checkpoint.load(file);
        loaded.train(false);
        assertEquals(model.config(), loaded.config());
        model.namedParameters().forEach((n, p) -> assertEquals(p.value(), loaded.namedParameters().get(n).value(), n));
        model.namedBuffers().forEach((n, b) -> assertEquals(b, loaded.namedBuffers().get(n), n));
        int[][] src = {{1, 2, 3}};
        int[][] tgt = {{1, 4}};
        assertEquals(model.forward(src, tgt, null, null), loaded.forward(src, tgt, null, null));
    }

    @Test
    void threeWayTiedModelRoundTripsAndDisagreeingCopiesAreRefused() throws IOException {
        TransformerConfig tied = config().toBuilder().normType(NormType.LAYER).tieAll(true).build();
        Transformer model = new Transformer(tied, 5);
        model.train(false);
        Path file = dir.resolve("tied.safetensors");
        Checkpoint.save(model, file);
        SafeTensors st = SafeTensors.read(file);
        assertTrue(st.names().containsAll(java.util.List.of("src_embed.weight", "tgt_embed.weight", "generator.weight")));
        Transformer loaded = Checkpoint.load(file);
        loaded.train(false);
        assertEquals(tied, loaded.config());
        assertTrue(loaded.sourceEmbedding().weight() == loaded.generator().weight(), "loaded model shares one table");
        int[][] src = {{1, 2, 3}};
        int[][] tgt = {{1, 4}};
        assertEquals(model.forward(src, tgt, null, null), loaded.forward(src, tgt, null, null));

        Map<String, INDArray> tensors = new LinkedHashMap<>();
        for (String n : st.names()) {
            tensors.put(n, st.get(n));
        }
        tensors.put("src_embed.weight", tensors.get("src_embed.weight").add(1));
        Path bad = dir.resolve("bad.safetensors");
        SafeTensors.write(bad, tensors, st.metadata());
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(bad));
        assertTrue(e.getMessage().contains("src_embed.weight") && e.getMessage().contains("tie_source_embedding"),
                e.getMessage());
    }

    @Test
    void truncatedFileNamesTheFile() throws IOException {
        Path file = dir.resolve("m.safetensors");
        Checkpoint.save(new Transformer(config(), 5), file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void missingTensorIsNamed() throws IOException {
        Path file = rewrite(t -> t.remove("transformer.decoder.layers.0.norm2.bias"));
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(file));
        assertTrue(e.getMessage().contains("transformer.decoder.layers.0.norm2.bias")
                && e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void shapeThatDisagreesWithConfigIsNamed() throws IOException {
        Path file = rewrite(t -> t.put("generator.bias", t.get("generator.bias").get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5)).dup()));
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(file));
        assertTrue(e.getMessage().contains("generator.bias") && e.getMessage().contains("[5]")
                && e.getMessage().contains("[7]"), e.getMessage());
    }

    @Test
    void fileWithoutConfigIsExplained() throws IOException {
        Path file = dir.resolve("plain.safetensors");
        SafeTensors.write(file, Map.of("x", org.nd4j.linalg.factory.Nd4j.ones(2)), Map.of());
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(file));
        assertTrue(e.getMessage().contains("no model configuration"), e.getMessage());
    }

    @Test
    void nonFiniteWeightsLoadWhenAskedFor() throws IOException {
        Path file = rewrite(t -> t.get("generator.bias").putScalar(1, Float.NaN));
        assertThrows(IOException.class, () -> Checkpoint.load(file));
        Transformer broken = Checkpoint.load(file, Checkpoint.LoadOptions.defaults().allowingNonFinite());
        assertTrue(Float.isNaN(broken.generator().bias().value().getFloat(1)));
        Transformer wide = Checkpoint.load(file, Checkpoint.LoadOptions.defaults().withDataType(
                org.nd4j.linalg.api.buffer.DataType.DOUBLE).allowingNonFinite());
        assertEquals(org.nd4j.linalg.api.buffer.DataType.DOUBLE, wide.dataType());
    }

    @Test
    void configurationIsReadFromTheHeaderAlone() throws IOException {
        Path file = dir.resolve("m.safetensors");
        Checkpoint.save(new Transformer(config(), 5), file, Map.of("optimizer.m", org.nd4j.linalg.factory.Nd4j.ones(3)),
                Map.of());
        assertEquals(config(), Checkpoint.readConfig(file));
        // The header's view of a file read in full; a model load reads only the model's tensors.
        SafeTensors st = SafeTensors.read(file);
        assertEquals(config(), Checkpoint.check(st.header()));
        assertTrue(st.names().contains("optimizer.m"));
        assertEquals(config(), Checkpoint.load(st, file, Checkpoint.LoadOptions.defaults()).config());
    }

    private Path rewrite(java.util.function.Consumer<Map<String, INDArray>> edit) throws IOException {
        Transformer model = new Transformer(config(), 5);
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        model.namedParameters().forEach((n, p) -> tensors.put(n, p.value()));
        tensors.putAll(model.namedBuffers());
        edit.accept(tensors);
        Path file = dir.resolve("edited.safetensors");
        SafeTensors.write(file, tensors, Map.of(Checkpoint.CONFIG_KEY, ConfigJson.toJson(model.config())));
        return file;
    }
}
